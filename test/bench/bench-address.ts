/**
 * The API address the start-up bench's desks are given (a closed port: nothing is sent), and the one its
 * outbox fixture's desk last ran at. Its own module, importing nothing, so the start-up child can read it
 * before it times the core's import.
 */
export const STARTUP_API_BASE = 'http://127.0.0.1:9/api'
