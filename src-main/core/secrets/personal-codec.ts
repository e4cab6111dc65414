/**
 * How the `personal` column is written and read: in the app, the at-rest cipher (outbox/sealing.ts),
 * which is why a client's name, surname, phone and email live in that one column and nothing searchable
 * beside it. `rowKey` names the row (`client:<location>:<client>`) and is bound into the seal, so a
 * sealed value copied to another client's row does not open there.
 */
export interface PersonalCodec {
  seal(plain: string, rowKey: string): string
  open(sealed: string, rowKey: string): string
}

export const PLAIN_CODEC: PersonalCodec = { seal: (plain) => plain, open: (sealed) => sealed }
