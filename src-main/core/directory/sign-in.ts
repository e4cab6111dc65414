import { z } from 'zod'
import { readAltegio } from '../altegio/read-altegio.ts'
import type { AltegioTransport } from '../altegio/transport.ts'
import { DeskError } from '../base/desk-error.ts'
import type { LoginInput } from '../../shared/directory-schemas.ts'
import { TokenSchema } from '../../shared/settings-schema.ts'

const SignedInSchema = z.object({ user_token: TokenSchema, name: z.string().max(255).optional().catch(undefined) })

/**
 * The 201's user: `{success, data: {id, user_token, name, …}, meta}` on Altegio's pages; the YCLIENTS
 * Blueprint shows the token alone, `{"user_token": "…"}`, without the envelope.
 */
const AuthAnswerSchema = z.union([z.object({ data: SignedInSchema }).transform((answer) => answer.data), SignedInSchema])

/**
 * `POST /v1/auth` with the partner token alone: the staff member's login and password for a user token.
 *
 * The password lives only in this call's arguments and the request body; it is never logged, stored
 * or put in an error. Only the returned user token is kept, by the caller, in the keychain.
 */
export async function requestUserToken(
  transport: AltegioTransport,
  partnerAuthorization: string | null,
  input: LoginInput
): Promise<{ userToken: string; name: string }> {
  if (!partnerAuthorization) {
    throw new DeskError('not_allowed', 'partner_token_missing')
  }
  const result = await readAltegio(transport, {
    method: 'POST',
    path: '/v1/auth',
    authorization: partnerAuthorization,
    body: { login: input.login, password: input.password }
  })
  if (result.kind === 'offline') {
    throw new DeskError('unavailable', 'sign_in_offline')
  }
  if (result.kind === 'auth' || (result.kind === 'refused' && [400, 403, 404, 422].includes(result.status))) {
    throw signInRefusal(result.kind === 'auth', result.said)
  }
  if (result.kind === 'refused') throw new DeskError('unavailable', 'sign_in_refused', { status: result.status, ...(result.said ? { said: result.said } : {}) })
  const answer = AuthAnswerSchema.safeParse(result.body)
  if (!answer.success) throw new DeskError('unavailable', 'sign_in_no_token')
  return { userToken: answer.data.user_token, name: answer.data.name ?? '' }
}

/**
 * Which of the sign-in's inputs Altegio refused, as far as its words tell. The documented 401 is the
 * generic "Authentication needed.", which fits a wrong login or password and a refused partner token
 * alike: then staff are told it is one of them, not which.
 */
function signInRefusal(unauthorized: boolean, said: string | undefined): DeskError {
  const params = said ? { said } : undefined
  if (/partner|партн[её]р/i.test(said ?? '')) return new DeskError('not_allowed', 'partner_token_refused', params)
  if (/парол|логин|password|login/i.test(said ?? '') || !unauthorized) return new DeskError('not_allowed', 'wrong_login', params)
  return new DeskError('not_allowed', 'sign_in_not_accepted', params)
}
