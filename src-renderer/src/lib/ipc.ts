import type { Ref } from 'vue'
import { t } from '../i18n/index.ts'
import type { FrontDeskApi, IpcResult } from './contract.ts'
import { errorText, fieldErrorText } from './error-text.ts'

/** An IPC answer flattened for the stores: the value, or words to show and errors keyed by wire path. */
export type Answer<T> =
  | { ok: true; value: T }
  | { ok: false; message: string; fieldErrors: Record<string, string[]> }

/** The preload's API. Only stores call this; components talk to stores. */
export function api(): FrontDeskApi {
  return window.frontDesk
}


/** Asks the main process one question: its answer, or (defensively, for a throw) words saying it could not be asked. */
export async function ask<T>(call: (frontDesk: FrontDeskApi) => Promise<IpcResult<T>>): Promise<Answer<T>> {
  try {
    const result = await call(api())
    if (result.ok) return { ok: true, value: result.value }
    return { ok: false, message: errorText(result.error.message, result.error.params), fieldErrors: fieldErrorText(result.error.fieldErrors) }
  } catch {
    return { ok: false, message: t('app.unreachable'), fieldErrors: {} }
  }
}

/** A refusal made in the window, e.g. from a client-side check, in an answer's shape. */
export function refusal(message: string, fieldErrors: Record<string, string[]> = {}): Answer<never> {
  return { ok: false, message, fieldErrors }
}

/**
 * A question the window may ask again before the answer comes (another day, another search): only the
 * latest is answered, one asked before it (or before `forget`) comes back undefined, and `busy` is true
 * while the latest is out.
 */
export function latestQuestion(busy: Ref<boolean>) {
  let sequence = 0
  return {
    async ask<T>(call: (frontDesk: FrontDeskApi) => Promise<IpcResult<T>>): Promise<Answer<T> | undefined> {
      const asked = ++sequence
      busy.value = true
      const answer = await ask(call)
      if (asked !== sequence) return undefined
      busy.value = false
      return answer
    },
    /** Whatever was asked is no longer wanted: its answer is dropped, and nothing is out. */
    forget(): void {
      sequence++
      busy.value = false
    }
  }
}
