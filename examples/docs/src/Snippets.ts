/**
 * The TypeScript snippets of a Markdown page as one program: every ```ts block in order, their imports
 * merged at the top, so that a later block may use what an earlier one made (a guide told in steps).
 *
 * @since 0.1.0
 */

/** One ```ts block: where it starts in the page (1-based line) and its text. @category models */
export interface Block {
  readonly line: number
  readonly code: string
}

/** The ```ts blocks of a Markdown text, in order. @category constructors */
export const blocks = (markdown: string): ReadonlyArray<Block> => {
  const out: Array<Block> = []
  const lines = markdown.split(/\r?\n/)
  let start = -1
  let body: Array<string> = []
  lines.forEach((line, i) => {
    if (start < 0 && /^```(ts|typescript)\s*$/.test(line)) {
      start = i + 1
      body = []
    } else if (start >= 0 && /^```\s*$/.test(line)) {
      out.push({ line: start + 1, code: body.join("\n") })
      start = -1
    } else if (start >= 0) body.push(line)
  })
  return out
}

const named = /^import (type )?\{([^}]*)\} from "([^"]+)";?\s*$/

/**
 * One module from the blocks: named imports merged per module (a name imported as a value and as a type
 * is imported once, as a value), other imports kept once, then each block's code in order.
 *
 * @category combinators
 */
export const program = (bs: ReadonlyArray<Block>): string => {
  const values = new Map<string, Set<string>>()
  const types = new Map<string, Set<string>>()
  const other: Array<string> = []
  const bodies: Array<string> = []
  for (const b of bs) {
    const body: Array<string> = []
    for (const line of b.code.split("\n")) {
      const m = named.exec(line)
      if (m !== null) {
        const into = m[1] === undefined ? values : types
        const set = into.get(m[3]!) ?? new Set<string>()
        for (const n of m[2]!.split(",").map((s) => s.trim()).filter((s) => s.length > 0)) set.add(n)
        into.set(m[3]!, set)
      } else if (/^import\s/.test(line)) {
        if (!other.includes(line)) other.push(line)
      } else body.push(line)
    }
    bodies.push(`// block at line ${b.line}\n${body.join("\n")}`)
  }
  const imports: Array<string> = []
  for (const [from, names] of values) imports.push(`import { ${[...names].sort().join(", ")} } from "${from}"`)
  for (const [from, names] of types) {
    const only = [...names].filter((n) => !values.get(from)?.has(n))
    if (only.length > 0) imports.push(`import type { ${only.sort().join(", ")} } from "${from}"`)
  }
  return `${[...imports, ...other].join("\n")}\n\n${bodies.join("\n\n")}\n`
}
