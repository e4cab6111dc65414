// The window's single doorway into src-main/: everything it may know about the main process.
// Types come from the contract; values only from the shared modules that hold them, never from the
// contract's own module, whose channels build every schema of both directions with classic zod. The
// window runs only its forms' checks (zod/mini) and reads the status table; the main process checks
// every payload both ways.
export type * from '../../../src-main/shared/contract.ts'
export type { FrontDeskApi } from '../../../src-main/shared/desk-api.ts'
export { EventIdSchema, MAX_SLOTS, bookingRequestSchemaFor, fieldErrorsOf } from '../../../src-main/shared/booking-schema.ts'
export { DEFAULT_API_BASE, LocationSchema, LoginSchema, SaveTokensSchema, SettingsSchema, createPathAssumed, locationOf } from '../../../src-main/shared/settings-schema.ts'
export { ERROR_CODES, firstCode } from '../../../src-main/shared/error-codes.ts'
export { addDays, localDateTime, localDay } from '../../../src-main/shared/location-time.ts'
export { OUTBOX_PAGE_MAX, OUTBOX_STATUSES, STATUS_TABLE, actionsFor, allows, allowsFor, markOf, staffActionsOf, statusesIn } from '../../../src-main/shared/outbox-status.ts'
