/**
 * Opens the desk core on a data folder, which seals an older plaintext outbox, for
 * seal-migration.test.ts to kill with SIGKILL while it does.
 *
 *   node test/crash/seal-child.ts DIR     prints `up` just before opening, `sealed` once open
 */
import { createFrontDesk } from '../../src-main/core/index.ts'
import { memoryKeychain, savedTokens } from '../support/desk-fixtures.ts'

const dataDir = process.argv[2]
if (!dataDir) process.exit(64)
setTimeout(() => process.exit(70), 30_000).unref()
process.stdout.write('up\n')
const desk = await createFrontDesk({ dataDir, secrets: memoryKeychain(savedTokens()), autoDeliver: false })
process.stdout.write('sealed\n')
await desk.close()
