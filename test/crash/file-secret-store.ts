import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import type { Keychain } from '../../src-main/core/secrets/keychain.ts'

/**
 * A keychain that survives SIGKILL, for crash tests whose child processes must share it: a JSON file,
 * replaced atomically (written, fsync'd, renamed) on every change, as a real keychain commits a write.
 */
export function fileSecretStore(path: string): Keychain {
  const read = (): Record<string, string> => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {})
  const write = (values: Record<string, string>): void => {
    const temp = `${path}.tmp`
    const fd = openSync(temp, 'w', 0o600)
    writeSync(fd, JSON.stringify(values))
    fsyncSync(fd)
    closeSync(fd)
    renameSync(temp, path)
  }
  return {
    get: async (account) => read()[account] ?? null,
    set: async (account, secret) => write({ ...read(), [account]: secret }),
    delete: async (account) => {
      const values = read()
      const had = account in values
      delete values[account]
      write(values)
      return had
    }
  }
}
