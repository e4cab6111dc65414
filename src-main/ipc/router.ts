import { safeParse, type $ZodType, type output } from 'zod/v4/core'
import { DeskError } from '../core/base/desk-error.ts'
import { firstCode, type ErrorCode, type ErrorParams } from '../shared/error-codes.ts'
import type { DeskSource } from '../core/desk/desk-source.ts'
import type { FrontDesk } from '../core/desk/front-desk.ts'
import { OutboxItemSchema, isVouchedItem } from '../shared/outbox-item.ts'
import {
  MAX_PAYLOAD_BYTES,
  OUTBOX_PAGE_MAX,
  OutboxCursorSchema,
  OutboxPageSchema,
  channels,
  events,
  fieldErrorsOf,
  type Channel,
  type ChannelOutput,
  type EventName,
  type IpcError,
  type IpcResult
} from '../shared/contract.ts'

type ParsedInput<C extends Channel> = output<(typeof channels)[C]['input']>
type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> }

export interface CallContext {
  /** Whether the call came from the app's own window and its top frame (checked by the shell). */
  trustedSender: boolean
}

/**
 * Maps each IPC channel to the core. The same router serves `ipcMain.handle` in the app and
 * Playwright's `exposeBinding` in the end-to-end tests, so the tests exercise the real handlers.
 *
 * `handle` never throws and never rejects: whatever the window sends, the answer is a result, and the
 * main process keeps running.
 *
 * Every call goes to the source's current desk, read at call time: a switch of mode (real or training)
 * changes where the next call goes.
 */
export function createIpcRouter(source: DeskSource, log: (message: string) => void = () => {}) {
  const desk = (): FrontDesk => source.current()
  const handlers: Handlers = {
    'tokens:save': async (tokens) => {
      await desk().saveTokens(tokens)
      return desk().tokenStatus()
    },
    'tokens:status': () => desk().tokenStatus(),
    'tokens:clear': async () => {
      await desk().clearTokens()
      return desk().tokenStatus()
    },
    'settings:get': () => desk().getSettings(),
    'settings:save': (changes) => desk().saveSettings(changes),
    'settings:managed': () => desk().managedSettings(),
    'booking:submit': (booking) => desk().submitBooking(booking),
    'booking:retry': ({ id }) => desk().retryBooking(id),
    'booking:update': ({ id, request }) => desk().updateBooking(id, request),
    'booking:move': (move) => desk().moveBooking(move),
    'booking:discard': ({ id }) => desk().discardBooking(id),
    'booking:resolve': (resolution) => desk().resolveBooking(resolution),
    'outbox:list': (request) => desk().listPage(request),
    'outbox:deliver-now': async () => {
      await desk().deliverNow()
      return null
    },
    'delivery:status': () => desk().deliveryStatus(),
    'network:hint': async ({ online }) => {
      desk().setNetworkHint(online)
      return null
    },
    'auth:login': (credentials) => desk().login(credentials),
    'auth:logout': async () => {
      await desk().logout()
      return desk().tokenStatus()
    },
    'events:list': (query) => desk().listEvents(query),
    'clients:search': (query) => desk().searchClients(query),
    'clients:details': (query) => desk().readClientDetails(query),
    'roster:get': (query) => desk().classRoster(query),
    'checkin:mark': (mark) => desk().markAttendance(mark),
    'checkin:cancel': (cancel) => desk().cancelBooking(cancel),
    'checkin:rebook': (rebook) => desk().rebookAndMark(rebook),
    'day:search': (search) => desk().searchDay(search),
    'day:sheet': (query) => desk().daySheet(query),
    'labels:list': (query) => desk().listLabels(query),
    'locations:mine': () => desk().myLocations(),
    'mode:get': async () => source.info(),
    'mode:set': ({ mode, language }) => source.set(mode, language)
  }

  async function handle(channel: unknown, payload: unknown, context: CallContext): Promise<IpcResult<unknown>> {
    // Whatever throws on the way (a payload's getter, a schema's check), the answer is a result.
    try {
      return await answer(channel, payload, context)
    } catch (error) {
      log(`a call failed before its answer: ${error instanceof Error ? error.name : 'error'}`)
      return refuse('internal', 'internal')
    }
  }

  async function answer(channel: unknown, payload: unknown, context: CallContext): Promise<IpcResult<unknown>> {
    if (!context.trustedSender) return refuse('untrusted_sender', 'untrusted_sender')
    if (typeof channel !== 'string' || !Object.hasOwn(channels, channel)) {
      return refuse('unknown_channel', 'unknown_channel')
    }
    const name = channel as Channel
    const size = payloadSize(payload)
    if (size === undefined) return refuse('invalid_input', 'not_plain_data')
    if (size > MAX_PAYLOAD_BYTES) return refuse('invalid_input', 'too_big')

    const input = channels[name].input.safeParse(payload)
    if (!input.success) {
      const fieldErrors = fieldErrorsOf(input.error)
      return refuse('invalid_input', firstCode(input.error.issues[0]?.message), undefined, fieldErrors)
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>
      const value = await handler(input.data)
      const output = checkAnswer(name, value)
      if (!output.success) {
        log(`${name}: answer failed its contract`)
        return refuse('internal', 'answer_off_contract')
      }
      return { ok: true, value: output.data }
    } catch (error) {
      if (error instanceof DeskError) return refuse(error.code, error.reason, error.params, error.fieldErrors)
      log(`${name}: ${error instanceof Error ? error.name : 'error'}`)
      return refuse('internal', 'internal')
    }
  }

  /** Pushes every outbox and delivery-status change to `send`, checked against the contract like every answer. */
  function subscribe(send: (event: EventName, payload: unknown) => void): () => void {
    const push = (event: EventName) => (payload: unknown) => {
      const parsed = event === 'outbox:changed' && isVouchedItem(payload) ? { success: true as const, data: payload } : events[event].safeParse(payload)
      if (parsed.success) send(event, parsed.data)
      else log(`${event}: push failed its contract`)
    }
    let stops: (() => void)[] = []
    const listen = (current: FrontDesk): void => {
      stops.forEach((stop) => stop())
      stops = [current.onChange(push('outbox:changed')), current.onDeliveryStatus(push('delivery:status-changed'))]
    }
    listen(source.current())
    const stopSwitch = source.onSwitch(listen)
    return () => {
      stopSwitch()
      stops.forEach((stop) => stop())
    }
  }

  return { handle, subscribe }
}

export type IpcRouter = ReturnType<typeof createIpcRouter>

function refuse(code: IpcError['code'], reason: ErrorCode, params?: ErrorParams, fieldErrors?: Record<string, string[]>): IpcResult<never> {
  return { ok: false, error: { code, message: reason, ...(params ? { params } : {}), ...(fieldErrors ? { fieldErrors } : {}) } }
}

/** An answer checked against its channel's output in the contract; outbox items and pages as below. */
function checkAnswer(name: Channel, value: unknown): { success: true; data: unknown } | { success: false } {
  const output: $ZodType = channels[name].output
  if (output === OutboxPageSchema) return checkPage(value)
  if (output === OutboxItemSchema) return checkItems(value)
  return safeParse(output, value)
}

/**
 * An answer of outbox items checked against the contract, except items the outbox table already built through
 * the contract's own OutboxItemSchema and froze (see vouchForItem): the check would find what it found then.
 */
function checkItems(value: unknown): { success: true; data: unknown } | { success: false } {
  const check = (item: unknown) => (isVouchedItem(item) ? { success: true as const, data: item } : OutboxItemSchema.safeParse(item))
  if (!Array.isArray(value)) return check(value)
  const data: unknown[] = []
  for (const item of value) {
    const checked = check(item)
    if (!checked.success) return { success: false }
    data.push(checked.data)
  }
  return { success: true, data }
}

/** A page of the outbox list checked against the contract, its items as checkItems checks them. */
function checkPage(value: unknown): { success: true; data: unknown } | { success: false } {
  const { items, next, ...rest } = (value ?? {}) as { items?: unknown; next?: unknown }
  if (Object.keys(rest).length > 0 || !Array.isArray(items) || items.length > OUTBOX_PAGE_MAX) return { success: false }
  if (next !== null && !OutboxCursorSchema.safeParse(next).success) return { success: false }
  const checked = checkItems(items)
  return checked.success ? { success: true, data: { items: checked.data, next } } : checked
}

/** The payload's size as JSON, or undefined when it is not plain data (cycles, BigInt, functions). */
function payloadSize(payload: unknown): number | undefined {
  if (payload === undefined) return 0
  try {
    const json = JSON.stringify(payload)
    return json === undefined ? undefined : Buffer.byteLength(json)
  } catch {
    return undefined
  }
}
