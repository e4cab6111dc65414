import type { TokenStatus } from '../../shared/settings-schema.ts'
import { SaveTokensSchema } from '../../shared/settings-schema.ts'
import { parseInput } from '../base/parse-input.ts'
import type { StaffSession } from '../directory/staff-session.ts'
import type { TokenVault } from '../secrets/token-vault.ts'

/** The desk's token calls (FrontDesk): tokens saved or cleared by hand, and whether each is saved. */
export function tokenCalls(deps: {
  vault: TokenVault
  /** Who is signed in by name; tokens saved or cleared by hand name nobody. */
  staff: Pick<StaffSession, 'ended' | 'current'>
  /** Held bookings go back to the queue. */
  releaseHeld: () => void
}) {
  const { vault, staff } = deps
  return {
    async saveTokens(tokens: { partnerToken?: string; userToken?: string }): Promise<void> {
      const parsed = parseInput(SaveTokensSchema, tokens)
      await vault.save(parsed)
      // A user token typed in by hand: nobody signed in by name, so no booking claims one.
      if (parsed.userToken !== undefined) staff.ended()
      deps.releaseHeld()
    },
    /** Whether each token is saved, and who signed in by name; never the tokens themselves. */
    async tokenStatus(): Promise<TokenStatus> {
      const status = await vault.status()
      const signedIn = staff.current()
      return status.user && signedIn ? { ...status, staffName: signedIn.name } : status
    },
    async clearTokens(): Promise<void> {
      await vault.clear()
      staff.ended()
    }
  }
}

export type TokenCalls = ReturnType<typeof tokenCalls>
