/** The main process's logic, importable without Electron: what the IPC router and the tests use. */
export { createFrontDesk, type FrontDesk, type FrontDeskOptions } from './front-desk.ts'
export { BookingRequestSchema, toWireBody, type BookingRequest } from './booking-schema.ts'
export { OutboxItemSchema, type OutboxItem, type OutboxStatus, type DeliveryError } from './outbox-item.ts'
export { keytarSecretStore, KEYCHAIN_SERVICE, type SecretStore } from './secret-store.ts'
export { DeskError } from './desk-error.ts'
export { rotateDataKey } from './key-rotation.ts'
export { DEFAULT_API_BASE, type Settings } from './settings-schema.ts'
export type { TokenStatus } from './token-vault.ts'
