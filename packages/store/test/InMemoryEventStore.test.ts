import { Layer } from "effect"
import { InMemoryEventStore, StoreDriver } from "../src/index.js"
import { contract } from "./contract.js"

contract("in-memory", () => Layer.effect(StoreDriver.StoreDriver, InMemoryEventStore.makeDriver))
