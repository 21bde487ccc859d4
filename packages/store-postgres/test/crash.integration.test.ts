import { afterAll } from "vitest"
import { crashTest } from "../../store/test/crash.js"
import { PgEventStore } from "../src/index.js"
import { dropSchemas, freshSchema, skip, url } from "./pg.js"

afterAll(dropSchemas)

crashTest({
  skip,
  storage: () => {
    const schema = freshSchema()
    return {
      writer: ["packages/store-postgres/test/fixtures/crash-writer.ts", url, schema],
      layer: (keyring) => PgEventStore.layer({ url, schema, keyring })
    }
  }
})
