import { NOT_SENT_CLOSING, type AltegioTransport, type Exchange, type Turn } from './transport.ts'

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
  const takeTurn = async (): Promise<Turn | undefined> => {
    const turn = await transport.takeTurn()
    if (!turn) return undefined
    return {
      async send(request) {
        if (!isRefused(request.authorization)) return turn.send(request)
        turn.cancel()
        return REFUSED_JUST_NOW
      },
      cancel: () => turn.cancel()
    }
  }
  return {
    takeTurn,
    async send(request) {
      const turn = await takeTurn()
      return turn ? turn.send(request) : NOT_SENT_CLOSING
    }
  }
}
