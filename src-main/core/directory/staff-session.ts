import type { DatabaseSync } from 'node:sqlite'
import { StaffSignatureSchema, type StaffSignature } from '../../shared/outbox-item.ts'
import type { RecordCipher } from '../secrets/record-cipher.ts'

/** How the one row is named in its seal (see SEALED_COLUMNS). */
const ROW_KEY = 'staff-session'
const COLUMN = 'staff_session.staff'

/**
 * Who is signed in at the desk by name: the name Altegio gave at the sign-in, kept beside the user token
 * so a booking can say who made it, across restarts too. Not a secret, but personal data: kept sealed in
 * the outbox file (never in settings, logs or errors), and forgotten whenever the sign-in it came with
 * ends — signing out, tokens saved or cleared by hand, a new API address. Nobody known: no name, never a guess.
 */
export class StaffSession {
  readonly #db: DatabaseSync
  readonly #cipher: Pick<RecordCipher, 'seal' | 'open'>
  #current: StaffSignature | undefined

  constructor(db: DatabaseSync, cipher: Pick<RecordCipher, 'seal' | 'open'>) {
    this.#db = db
    this.#cipher = cipher
    this.#current = this.#read()
  }

  /** The signed-in staff member, if the desk knows one by name. */
  current(): StaffSignature | undefined {
    return this.#current
  }

  /** A sign-in answered this name; an empty or unusable one leaves nobody named. */
  signedIn(name: string): void {
    const parsed = StaffSignatureSchema.safeParse({ name: name.trim() })
    if (!parsed.success) {
      this.ended()
      return
    }
    this.#db
      .prepare('INSERT INTO staff_session (id, staff) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET staff = excluded.staff')
      .run(this.#cipher.seal(JSON.stringify(parsed.data), ROW_KEY, COLUMN))
    this.#current = parsed.data
  }

  /** The sign-in ended, or was replaced by tokens nobody signed in for: no one is named. */
  ended(): void {
    this.#db.prepare('DELETE FROM staff_session').run()
    this.#current = undefined
  }

  /** The name kept from an earlier start; one that does not open or parse names nobody. */
  #read(): StaffSignature | undefined {
    const row = this.#db.prepare('SELECT staff FROM staff_session WHERE id = 1').get() as { staff: string } | undefined
    if (!row) return undefined
    try {
      const text = this.#cipher.open(row.staff, ROW_KEY, COLUMN)
      const parsed = StaffSignatureSchema.safeParse(typeof text === 'string' ? JSON.parse(text) : undefined)
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }
}
