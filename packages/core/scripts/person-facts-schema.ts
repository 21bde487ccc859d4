// Writes the JSON Schema of PersonFacts to docs/schemas/person-facts.schema.json (checked by the
// PersonFacts tests). Run from the root: node --import tsx packages/core/scripts/person-facts-schema.ts
import { writeFileSync } from "node:fs"
import { PersonFacts } from "@vertaistuki/core"
import { JSONSchema } from "effect"

const file = new URL("../../../docs/schemas/person-facts.schema.json", import.meta.url)
writeFileSync(file, `${JSON.stringify(JSONSchema.make(PersonFacts.PersonFacts), null, 2)}\n`)
console.log(`wrote ${file.pathname}`)
