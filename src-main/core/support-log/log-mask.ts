/**
 * Masks what must never reach a log file: tokens (the values the desk knows, anything after `Bearer` or
 * `User`, quoted or not, the value of a token or password field written as JSON — `"user_token"`,
 * `"partnerToken"`, `"password"` … — or as `name=value` and `name: value`), phones (to their last two
 * digits) and emails (to their first letter and domain).
 *
 * A phone is a run of digits, optionally with spaces, dots, dashes and brackets between them: seven or
 * more digits after a `+`, nine or more without one. Shorter numbers (location and event ids) stay
 * readable for support, and so does a bare run of digits named as an id (`record 512345678`,
 * `client 170009999`, `record_id=…`): Altegio's record and client ids are nine digits long.
 * UUIDs and timestamps are not touched.
 */
export function maskForLog(text: string, knownSecrets: Iterable<string> = []): string {
  let masked = text
  for (const secret of knownSecrets) {
    if (secret.length >= 4) masked = masked.split(secret).join('[token]')
  }
  return masked
    .replace(TOKEN_FIELD, '$1[token]$3')
    .replace(TOKEN_VALUE, '$1[token]')
    .replace(/\b(Bearer|User)(\s+)(?:"[^"]*"|'[^']*'|[^\s,;"'[\]]+)/gi, '$1$2[token]')
    .replace(/(?<![\w.%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g, '$1***@$2')
    .replace(/(?<![\w:./-])\+?\(?\d(?:[\s().-]{0,2}\d)+(?![\w/-])/g, maskPhone)
}

const SECRET_NAMES = 'user_token|partner_token|usertoken|partnertoken|token|access_token|password'

/** A token or password as a JSON field (`"user_token":"…"`, `"password": "…"`), escaped quotes included. */
const TOKEN_FIELD = new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`, 'gi')

/** The same unquoted: a form or query value (`user_token=…`) or a note (`password: …`). */
const TOKEN_VALUE = new RegExp(`\\b((?:${SECRET_NAMES})\\s*[:=]\\s*)(?!["\\s])[^\\s,;&"'}]+`, 'gi')

/** What names a bare run of digits as an id rather than a phone, just before it. */
const ID_BEFORE = /(?:record|client|event|location|activity|id|seq)s?[\s_#:=-]*(?:\d+,\s*)*#?$/i

function maskPhone(candidate: string, offset: number, whole: string): string {
  const digits = candidate.replace(/\D/g, '')
  if (/^\d{1,9}$/.test(candidate) && ID_BEFORE.test(whole.slice(Math.max(0, offset - 40), offset))) return candidate
  const enough = candidate.startsWith('+') ? digits.length >= 7 : digits.length >= 9
  return enough ? `***${digits.slice(-2)}` : candidate
}
