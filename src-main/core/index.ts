/** The main process's logic, importable without Electron: what the IPC router and the tests use. */
export { createFrontDesk, type FrontDesk, type FrontDeskOptions } from './desk/front-desk.ts'
export { BookingRequestSchema, toWireBody, type BookingRequest } from '../shared/booking-schema.ts'
export { OutboxItemSchema, type OutboxItem, type OutboxStatus, type DeliveryError } from '../shared/outbox-item.ts'
export { keytarKeychain, KEYCHAIN_SERVICE, type Keychain } from './secrets/keychain.ts'
export { DeskError } from './desk/desk-error.ts'
export { singleDesk, type DeskSource } from './desk/desk-source.ts'
export { DEFAULT_API_BASE, type Settings } from '../shared/settings-schema.ts'
export type { TokenStatus } from '../shared/settings-schema.ts'
