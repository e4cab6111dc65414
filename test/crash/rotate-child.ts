/**
 * Rotates the data key of an outbox, for key-rotation.test.ts to kill with SIGKILL while it does.
 *
 *   node test/crash/rotate-child.ts DIR KEYCHAIN.json     prints `up` just before, `rotated` once done
 */
import { rotateDataKey } from '../../src-main/core/desk/key-rotation.ts'
import { fileSecretStore } from './file-secret-store.ts'

const [dataDir, keychain] = process.argv.slice(2)
if (!dataDir || !keychain) process.exit(64)
setTimeout(() => process.exit(70), 30_000).unref()
process.stdout.write('up\n')
await rotateDataKey({ dataDir, secrets: fileSecretStore(keychain) })
process.stdout.write('rotated\n')
