/**
 * The names of the lifecycle streams: one per group, participation and session, and beside them the
 * append-only records of a session's anonymous feedback and of a participation's 3X10D answers and
 * feedback in one's own name. Every writer (the coordinator service, the simulation, the demo) and every
 * reader that looks a stream up by its id (the dispatcher's contact details) uses these.
 *
 * @since 0.1.0
 */

/** @category streams */
export const group = (groupId: string): string => `group-${groupId}`
/** @category streams */
export const participant = (participantId: string): string => `participant-${participantId}`
/** @category streams */
export const session = (sessionId: string): string => `session-${sessionId}`
/** Anonymous feedback batches of a session. @category streams */
export const feedback = (sessionId: string): string => `feedback-${sessionId}`
/** 3X10D answers and feedback given in one's own name. @category streams */
export const outcomes = (participantId: string): string => `outcomes-${participantId}`
