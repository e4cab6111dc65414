import type { DatabaseSync } from 'node:sqlite'
import type { Keychain } from '../secrets/keychain.ts'
import { settingsVersion } from './settings-integrity.ts'

/** The keychain account of the highest settings version this desk has signed, beside the data key. */
export const SETTINGS_VERSION_ACCOUNT = 'settings-version'

/**
 * The settings' version as the keychain remembers it. The database's own version can be put back
 * together with an older copy of every row and MAC; the keychain's cannot, by whoever can write the
 * file but not read the keychain. Settings below it are an older copy: every row is refused (the guard
 * reads `floor`). It only goes up, except on an outbox sealed for the first time in this open — a desk
 * set up again on an empty folder — where it starts from that outbox's version.
 */
export class SettingsVersionMark {
  readonly #secrets: Keychain
  readonly #db: DatabaseSync
  #floor = 0

  constructor(secrets: Keychain, db: DatabaseSync) {
    this.#secrets = secrets
    this.#db = db
  }

  /** A keychain that fails here (it gave the data key a moment ago) leaves the file's version standing, unchecked. */
  async load(sealedNow: boolean): Promise<void> {
    const current = settingsVersion(this.#db)
    let remembered: number
    try {
      remembered = Number(await this.#secrets.get(SETTINGS_VERSION_ACCOUNT)) || 0
    } catch {
      this.#floor = current
      return
    }
    if (sealedNow || current > remembered) {
      // A save whose keychain write was cut short, or a new outbox: the file's version is the one reached.
      this.#floor = current
      if (current !== remembered) await this.#secrets.set(SETTINGS_VERSION_ACCOUNT, String(current)).catch(() => {})
    } else {
      this.#floor = remembered
    }
  }

  /** The lowest settings version that counts. */
  readonly floor = (): number => this.#floor

  /** After a save: the version it reached becomes the keychain's. A keychain that fails leaves the mark behind, never ahead. */
  async saved(): Promise<void> {
    const current = settingsVersion(this.#db)
    if (current <= this.#floor) return
    this.#floor = current
    try {
      await this.#secrets.set(SETTINGS_VERSION_ACCOUNT, String(current))
    } catch {
      // The save stands; the next start raises the mark from the file.
    }
  }
}
