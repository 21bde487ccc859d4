import type { Lifecycle } from "@vertaistuki/core"

/** What the chapters hand on to each other: the events the group's life decided, in order. */
export interface Story {
  readonly events: Array<Lifecycle.LifecycleEvent>
}
