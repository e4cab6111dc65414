import type { FrontDeskApi } from './lib/contract.ts'
import type { t } from './i18n/index.ts'

declare global {
  interface Window {
    /** Exposed by the preload under API_GLOBAL; every method resolves to an IpcResult and never throws. */
    frontDesk: FrontDeskApi
  }
}

// Templates' `$t` (i18n/index.ts installs it). Declared here, in the window's own types only: tests
// that import vue-i18n as the reference get vue-i18n's declaration of the same name.
declare module 'vue' {
  interface ComponentCustomProperties {
    $t: typeof t
  }
}

export {}
