// The window's single doorway into src-main/: everything it may know about the main process.
export * from '../../../src-main/shared/contract.ts'
export type { FrontDeskApi } from '../../../src-main/shared/desk-api.ts'
