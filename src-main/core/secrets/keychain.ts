import { DeskError } from '../base/desk-error.ts'

/** Where the API tokens live: the operating system's keychain in the app, anything in tests. */
export interface Keychain {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

export const KEYCHAIN_SERVICE = 'altegio-front-desk'

/**
 * The OS keychain through keytar (Keychain, Credential Vault, libsecret).
 *
 * keytar is loaded on first use, so tests and tools that bring their own keychain never load the native
 * module. Keychain failures become one plain message: the underlying error can name the keyring, but
 * never a secret, and staff need to know what to fix, not libsecret's wording.
 */
export function keytarKeychain(service: string = KEYCHAIN_SERVICE): Keychain {
  type Keytar = typeof import('keytar')
  let keytar: Promise<Keytar> | undefined
  const load = (): Promise<Keytar> =>
    (keytar ??= import('keytar').then((m) => ((m as { default?: Keytar }).default ?? m) as Keytar))

  const guard = async <T>(work: (k: Keytar) => Promise<T>): Promise<T> => {
    try {
      return await work(await load())
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new DeskError('unavailable', 'keychain_unavailable', { reason })
    }
  }

  return {
    get: (account) => guard((k) => k.getPassword(service, account)),
    set: (account, secret) => guard((k) => k.setPassword(service, account, secret)),
    delete: (account) => guard((k) => k.deletePassword(service, account))
  }
}
