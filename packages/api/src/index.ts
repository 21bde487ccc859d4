/** The HTTP API a region mounts in its own service. */
export {}
