import { answerJson, answerRefusingFault, delay, fail, type SimExchange } from '../exchange.ts'
import type { FaultPlan } from '../faults.ts'
import { sendJson, sendRaw, type BodyResult, type parseJson } from '../http-io.ts'
import type { SimState } from '../state.ts'
import type { Fault, SimEvent } from '../types.ts'
import { createdRecordBody } from './record-response.ts'
import { validateCreateRecord } from './validation.ts'

/** What the create call ends in once the body has been judged: 201 with a body, or a 422. */
type SimOutcome =
  | { ok: true; body: unknown }
  | { ok: false; message: string; errors?: Record<string, string[]> }

/**
 * `POST /v2/companies/{location}/activities/{event}/records`, once the caller has checked the route,
 * method and headers: the body (413/400), the location (404/403) and event (404), then the create fault
 * plan, then the work.
 */
export class CreateRoute {
  private readonly store: SimState
  private readonly faults: FaultPlan<Fault>
  private readonly now: () => Date

  constructor(store: SimState, faults: FaultPlan<Fault>, now: () => Date) {
    this.store = store
    this.faults = faults
    this.now = now
  }

  async answer(
    ex: SimExchange,
    locationId: number,
    eventId: number,
    read: BodyResult,
    parsed: ReturnType<typeof parseJson> | undefined
  ): Promise<void> {
    if (read.kind === 'too_large') return fail(ex, 413, 'Request entity too large')
    if (!parsed?.ok) return fail(ex, 400, 'Request body is not valid JSON')

    if (!this.store.hasLocation(locationId)) return fail(ex, 404, 'Not found')
    if (this.store.isDenied(locationId)) return fail(ex, 403, 'Access denied')
    const event = this.store.event(locationId, eventId)
    if (!event) return fail(ex, 404, 'Not found')

    const fault = this.faults.next({})
    if (fault) ex.entry.fault = fault.kind
    await this.answerCreate(ex, event, parsed.value, fault)
  }

  /** Answers a create request that reached the body checks, through the chosen fault if any. */
  private async answerCreate(ex: SimExchange, event: SimEvent, body: unknown, fault: Fault | undefined): Promise<void> {
    switch (fault?.kind) {
      case undefined:
        return this.respond(ex, this.create(event, body))
      case 'delay':
        // Judged and stored when the delay ends, even if the client gave up meanwhile, as a real server would.
        await delay(fault.ms)
        return this.respond(ex, this.create(event, body))
      case 'status':
      case 'html':
      case 'rate_limit':
      case 'drop_before_store':
        return answerRefusingFault(ex, fault)
      case 'drop_after_store':
        this.create(event, body)
        ex.req.socket.destroy()
        return
      case 'invalid_201':
      case 'truncated_201': {
        const outcome = this.create(event, body)
        // Only a success answer is garbled; a refusal goes out as it is.
        if (!outcome.ok) return this.respond(ex, outcome)
        ex.entry.status = 201
        if (fault.kind === 'invalid_201') return sendJson(ex.res, 201, { data: { type: 'record' } })
        const text = JSON.stringify(outcome.body)
        return sendRaw(ex.res, 201, 'application/json; charset=utf-8', text.slice(0, Math.floor(text.length / 2)))
      }
    }
  }

  /** Validation, then the business rules, then the store: the server's work for one create call. */
  private create(event: SimEvent, body: unknown): SimOutcome {
    const checked = validateCreateRecord(body)
    if (!checked.ok) return { ok: false, message: 'An error has occurred', errors: checked.errors }
    const now = this.now()
    const booked = this.store.book(event, checked.value, now)
    if (!booked.ok) return { ok: false, ...booked.refusal }
    return { ok: true, body: createdRecordBody(booked.record, event, now, this.store.timeZone(event.locationId)) }
  }

  private respond(ex: SimExchange, outcome: SimOutcome): void {
    if (!outcome.ok) return fail(ex, 422, outcome.message, outcome.errors)
    answerJson(ex, 201, outcome.body)
  }
}
