import { config } from 'zod/mini'

// The window's CSP forbids eval. Told before any schema is built: zod's first object schema otherwise
// probes with `new Function`, which the CSP refuses and reports as a violation, tens of milliseconds
// of a cold start. main.ts imports this file first, so it runs before the contract's modules.
config({ jitless: true })
