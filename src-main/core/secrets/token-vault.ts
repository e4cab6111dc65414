import type { TokenStatus } from '../../shared/settings-schema.ts'
import type { Keychain } from './keychain.ts'

const PARTNER = 'partner-token'
const USER = 'user-token'


/**
 * The API tokens: kept in the keychain, mirrored in this process's memory so a send does not wait on
 * the keychain, and handed out only as a ready `Authorization` header, never as values to show.
 */
export class TokenVault {
  readonly #keychain: Keychain
  #cache: { partner: string | null; user: string | null } | undefined

  constructor(keychain: Keychain) {
    this.#keychain = keychain
  }

  async #tokens(): Promise<{ partner: string | null; user: string | null }> {
    this.#cache ??= {
      partner: await this.#keychain.get(PARTNER),
      user: await this.#keychain.get(USER)
    }
    return this.#cache
  }

  async save(tokens: { partnerToken?: string; userToken?: string }): Promise<void> {
    const current = await this.#tokens()
    if (tokens.partnerToken !== undefined) {
      await this.#keychain.set(PARTNER, tokens.partnerToken)
      current.partner = tokens.partnerToken
    }
    if (tokens.userToken !== undefined) {
      await this.#keychain.set(USER, tokens.userToken)
      current.user = tokens.userToken
    }
  }

  async clear(): Promise<void> {
    await this.#keychain.delete(PARTNER)
    await this.#keychain.delete(USER)
    this.#cache = { partner: null, user: null }
  }

  /** Sign-out: the user token goes; the partner token (the desk's, not the person's) stays. */
  async clearUser(): Promise<void> {
    const current = await this.#tokens()
    await this.#keychain.delete(USER)
    current.user = null
  }

  async status(): Promise<TokenStatus> {
    const { partner, user } = await this.#tokens()
    return { partner: Boolean(partner), user: Boolean(user) }
  }

  /** The token values this process holds, for masking them out of log lines; never shown or sent. */
  knownSecrets(): string[] {
    return [this.#cache?.partner, this.#cache?.user].filter((token): token is string => typeof token === 'string')
  }

  /** `Bearer <partner>, User <user>`, or null while either token is missing. */
  async authorization(): Promise<string | null> {
    const { partner, user } = await this.#tokens()
    return partner && user ? `Bearer ${partner}, User ${user}` : null
  }

  /** `Bearer <partner>` alone, for signing in; null while the partner token is missing. */
  async partnerAuthorization(): Promise<string | null> {
    const { partner } = await this.#tokens()
    return partner ? `Bearer ${partner}` : null
  }
}
