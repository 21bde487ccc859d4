/**
 * The charts of the cost report as building blocks for other reports of the same look: an Apache
 * ECharts option rendered on the server to an SVG string (no DOM, no script), and category labels
 * wrapped at spaces so that they are never cut.
 *
 * @since 0.1.0
 */
export {
  /** Renders one ECharts option to SVG; instance ids are renamed after `key`, so the same chart gives the same SVG. */
  render as svg,
  /** A label in lines of at most `width` characters (default 36), broken at spaces. */
  wrap
} from "./internal/charts.js"
