import { z } from 'zod'
import { readAltegio } from '../altegio/read-altegio.ts'
import type { AltegioTransport } from '../altegio/transport.ts'
import { DeskError } from '../base/desk-error.ts'
import type { LoginInput } from '../../shared/directory-schemas.ts'
import { TokenSchema } from '../../shared/settings-schema.ts'

const AuthAnswerSchema = z.object({
  data: z.object({ user_token: TokenSchema, name: z.string().max(255).optional().catch(undefined) })
})

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
    throw new DeskError('not_allowed', /partner/i.test(result.said ?? '') ? 'partner_token_refused' : 'wrong_login')
  }
  if (result.kind === 'refused') throw new DeskError('unavailable', 'sign_in_refused', { status: result.status, ...(result.said ? { said: result.said } : {}) })
  const answer = AuthAnswerSchema.safeParse(result.body)
  if (!answer.success) throw new DeskError('unavailable', 'sign_in_no_token')
  return { userToken: answer.data.data.user_token, name: answer.data.data.name ?? '' }
}
