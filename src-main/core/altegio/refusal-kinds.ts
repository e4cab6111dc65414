/**
 * Refusals Altegio documents in words rather than by status alone. The Blueprint answers a lapsed
 * licence with 402 on most calls and with 403 on some, always with the same message; Altegio's own
 * client treats `success: false` as a refusal whatever the status.
 */

/** "Необходимо продлить лицензию в филиале с id: …", and its English form. */
const LICENCE_WORDS = /продлить\s+лицензию|licen[cs]e\s+(has\s+)?(expired|lapsed)|renew\s+(the\s+)?licen[cs]e/i

/** A lapsed licence: 402, or a 403 in the licence's documented words. */
export function isLicenceLapsed(status: number, said: string | undefined): boolean {
  return status === 402 || (status === 403 && said !== undefined && LICENCE_WORDS.test(said))
}

/** A body that says, in Altegio's envelope, that the call did not succeed. */
export function saysNotSucceeded(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as { success?: unknown }).success === false
}
