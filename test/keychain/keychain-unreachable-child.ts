/**
 * The keychain asked for a secret where no Secret Service answers, in a process of its own (the test
 * process already holds a connection to the real one). Prints what the desk was told, as JSON.
 */
import { DeskError } from '../../src-main/core/base/desk-error.ts'
import { keytarKeychain } from '../../src-main/core/secrets/keychain.ts'

const keychain = keytarKeychain('altegio-front-desk-test-unreachable')
try {
  await keychain.set('probe', 'sekret-value-never-stored')
  process.stdout.write(JSON.stringify({ stored: true }))
} catch (error) {
  const refusal = error instanceof DeskError ? { code: error.code, reason: error.reason, message: error.message, params: error.params } : { thrown: String(error) }
  process.stdout.write(JSON.stringify(refusal))
}
