import type { FrontDeskApi } from './lib/contract.ts'

declare global {
  interface Window {
    /** Exposed by the preload under API_GLOBAL; every method resolves to an IpcResult and never throws. */
    frontDesk: FrontDeskApi
  }
}

export {}
