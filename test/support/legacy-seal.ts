import { createCipheriv, randomBytes } from 'node:crypto'

/** A value as the previous version of the desk sealed it: `v1`, with the row id alone as associated data. */
export function legacySeal(value: unknown, rowId: string, key: Buffer): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
  cipher.setAAD(Buffer.from(rowId, 'utf8'))
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':')
}
