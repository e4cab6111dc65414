import type { Keychain } from '../core/secrets/keychain.ts'

/**
 * A Keychain that lives and dies with the process: the practice location's made-up tokens must never
 * reach the OS keychain, where they could be mistaken for (or overwrite) the real account's.
 */
export function memoryKeychain(initial: Record<string, string> = {}): Keychain & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial))
  return {
    values,
    get: async (account) => values.get(account) ?? null,
    set: async (account, secret) => void values.set(account, secret),
    delete: async (account) => values.delete(account)
  }
}
