import { NOT_SENT_CLOSING, type AltegioTransport, type Exchange } from './transport.ts'

/** Altegio's answer to the read before: this Authorization was refused, a moment ago. */
const REFUSED_JUST_NOW: Exchange = { kind: 'answer', status: 401, retryAfter: null, body: undefined }

/**
 * The transport for reads, which does not send an Authorization Altegio has just refused. A read takes
 * its header first and then waits for its rate-limiter slot (a fifth of a second apiece at Altegio's 5
 * a second), so reads asked for together — the day view and the roster — were still waiting when the
 * first of them met a 401, and went out with the refused token one after another. Checked again as the
 * slot comes, such a read never leaves: it is answered here as the one before it was, 401.
 */
export function withoutRefusedAuthorization(transport: AltegioTransport, isRefused: (authorization: string) => boolean): AltegioTransport {
  return {
    sendPrepared: (prepare) =>
      transport.sendPrepared(async () => {
        const request = await prepare()
        return request && !isRefused(request.authorization) ? request : undefined
      }),
    async send(request) {
      let refused = false
      const exchange = await transport.sendPrepared(() => {
        refused = isRefused(request.authorization)
        return refused ? undefined : request
      })
      if (refused) return REFUSED_JUST_NOW
      return exchange ?? NOT_SENT_CLOSING
    }
  }
}
