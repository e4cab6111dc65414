/**
 * Masks what must never reach a log file: tokens (the values the desk knows, anything after `Bearer` or
 * `User`, quoted or not, and the value of a `"user_token"`, `"token"` or `"password"` JSON field), phones (to their last two digits) and emails (to their first letter and domain).
 *
 * A phone is a run of digits, optionally with spaces, dots, dashes and brackets between them: seven or
 * more digits after a `+`, nine or more without one. Shorter numbers (location, event and record ids)
 * stay readable for support; UUIDs and timestamps are not touched.
 */
export function maskForLog(text: string, knownSecrets: Iterable<string> = []): string {
  let masked = text
  for (const secret of knownSecrets) {
    if (secret.length >= 4) masked = masked.split(secret).join('[token]')
  }
  return masked
    .replace(TOKEN_FIELD, '$1[token]$3')
    .replace(/\b(Bearer|User)(\s+)(?:"[^"]*"|'[^']*'|[^\s,;"'[\]]+)/gi, '$1$2[token]')
    .replace(/(?<![\w.%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g, '$1***@$2')
    .replace(/(?<![\w:./-])\+?\(?\d(?:[\s().-]{0,2}\d)+(?![\w/-])/g, maskPhone)
}

/** A token or password as a JSON field (`"user_token":"…"`, `"password": "…"`), escaped quotes included. */
const TOKEN_FIELD = /("(?:user_token|partner_token|token|access_token|password)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi

function maskPhone(candidate: string): string {
  const digits = candidate.replace(/\D/g, '')
  const enough = candidate.startsWith('+') ? digits.length >= 7 : digits.length >= 9
  return enough ? `***${digits.slice(-2)}` : candidate
}
