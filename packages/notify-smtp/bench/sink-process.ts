// The child process of `sinkFor("process")`.
import { serve } from "./sink.js"

await serve()
