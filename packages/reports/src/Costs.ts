/**
 * A programme's costs for a report, from the cost package's results: what one group costs
 * (`CostModel.summarize`) and what one participant's course of each alternative costs
 * (`Comparison.compare`), e.g. of the VOIKUKKIA scenario of seed 001_b24d0be2c52c8a44.txt.
 *
 * @since 0.1.0
 */
import { Comparison, CostModel, type Scenario } from "@vertaistuki/costs"
import type * as Report from "./Report.js"

/** @category constructors */
export const fromModel = (programmeId: string, model: CostModel.Model, alternatives: ReadonlyArray<Scenario.Alternative>): Report.ProgrammeCosts => {
  const summary = CostModel.summarize(model)
  return {
    programmeId,
    perGroup: summary.total,
    alternatives: Comparison.compare(model, alternatives, summary).flatMap((o) =>
      o.kind === "alternative" && o.perParticipant !== null ? [{ id: o.id, label: o.label, perParticipant: o.perParticipant, source: o.source }] : []
    )
  }
}
