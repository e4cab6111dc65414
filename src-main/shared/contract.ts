import { z } from 'zod'
import { BookingRequestSchema } from './booking-schema.ts'
import { DeliveryStatusSchema, MoveBookingSchema, OutboxIdSchema, OutboxItemSchema, OutboxPageRequestSchema, OutboxPageSchema, ResolutionSchema, SubmitBookingSchema } from './outbox-item.ts'
import { ManagedSettingsSchema, SaveTokensSchema, SettingsChangesSchema, SettingsSchema, TokenStatusSchema } from './settings-schema.ts'
import {
  ClientSearchSchema,
  EventListSchema,
  ListEventsSchema,
  LoginSchema,
  SearchClientsSchema,
  ClientDetailsQuerySchema,
  ClientDetailsReadySchema,
  SignedInSchema
} from './directory-schemas.ts'
import { ClassRosterQuerySchema, ClassRosterSchema } from './roster-schemas.ts'
import { CancelBookingSchema, DaySearchResultSchema, DaySearchSchema, DaySheetQuerySchema, DaySheetSchema, MarkAttendanceSchema, RebookSchema, RebookedSchema } from './check-in-schemas.ts'
import { LabelListSchema, ListLabelsSchema, MyLocationsSchema } from './directory-schemas.ts'

/**
 * The one contract between the window and the main process.
 *
 * Every channel is a pair of zod schemas; the main process checks each payload against `input` and each
 * answer against `output`, and the window's types are inferred from the same objects, so a channel
 * cannot be typed one way and checked another. The window takes its types from this file; it runs
 * none of these schemas, only its forms' checks, imported from their own zod/mini modules
 * (src-renderer/src/lib/contract.ts), so classic zod and the channels' schemas stay out of its bundle.
 */

const none = z.strictObject({}).optional()
const outboxId = z.strictObject({ id: OutboxIdSchema })

/** Real: bookings go to the desk's Altegio location. Training: to the practice location inside the app. */
export const DeskModeSchema = z.enum(['real', 'training'])
export type DeskMode = z.infer<typeof DeskModeSchema>
/** What the window is told about the mode; the practice sign-in only while training. */
/** The window's languages; in training, the practice studio speaks the window's. */
export const WindowLanguageSchema = z.enum(['en', 'ru'])
export type WindowLanguage = z.infer<typeof WindowLanguageSchema>

export const ModeInfoSchema = z.strictObject({
  mode: DeskModeSchema,
  practiceLogin: z.strictObject({ login: z.string(), password: z.string() }).optional(),
  /** In training: the language the practice studio's names and labels are in. */
  studioLanguage: WindowLanguageSchema.optional()
})
export type ModeInfo = z.infer<typeof ModeInfoSchema>

export const channels = {
  'tokens:save': {
    input: SaveTokensSchema,
    output: TokenStatusSchema
  },
  'tokens:status': { input: none, output: TokenStatusSchema },
  'tokens:clear': { input: none, output: TokenStatusSchema },
  'settings:get': { input: none, output: SettingsSchema },
  'settings:save': { input: SettingsChangesSchema, output: SettingsSchema },
  'settings:managed': { input: none, output: ManagedSettingsSchema },
  'booking:submit': { input: SubmitBookingSchema, output: OutboxItemSchema },
  'booking:retry': { input: outboxId, output: OutboxItemSchema },
  'booking:update': {
    input: z.strictObject({ id: OutboxIdSchema, request: BookingRequestSchema }),
    output: OutboxItemSchema
  },
  'booking:move': { input: MoveBookingSchema, output: OutboxItemSchema },
  'booking:discard': { input: outboxId, output: OutboxItemSchema },
  'booking:resolve': { input: ResolutionSchema, output: OutboxItemSchema },
  'outbox:list': { input: OutboxPageRequestSchema, output: OutboxPageSchema },
  'outbox:deliver-now': { input: none, output: z.null() },
  'delivery:status': { input: none, output: DeliveryStatusSchema },
  'network:hint': { input: z.strictObject({ online: z.boolean() }), output: z.null() },
  'auth:login': { input: LoginSchema, output: SignedInSchema },
  'auth:logout': { input: none, output: TokenStatusSchema },
  'events:list': { input: ListEventsSchema, output: EventListSchema },
  'clients:search': { input: SearchClientsSchema, output: ClientSearchSchema },
  'clients:details': { input: ClientDetailsQuerySchema, output: ClientDetailsReadySchema },
  'roster:get': { input: ClassRosterQuerySchema, output: ClassRosterSchema },
  'checkin:mark': { input: MarkAttendanceSchema, output: OutboxItemSchema },
  'checkin:cancel': { input: CancelBookingSchema, output: OutboxItemSchema },
  'checkin:rebook': { input: RebookSchema, output: RebookedSchema },
  'day:search': { input: DaySearchSchema, output: DaySearchResultSchema },
  'day:sheet': { input: DaySheetQuerySchema, output: DaySheetSchema },
  'labels:list': { input: ListLabelsSchema, output: LabelListSchema },
  'locations:mine': { input: none, output: MyLocationsSchema },
  'mode:get': { input: none, output: ModeInfoSchema },
  'mode:set': { input: z.strictObject({ mode: DeskModeSchema, language: WindowLanguageSchema.optional() }), output: ModeInfoSchema }
} as const

/** Pushed from the main process to the window, never asked for. */
export const events = {
  'outbox:changed': OutboxItemSchema,
  'delivery:status-changed': DeliveryStatusSchema
} as const

export type Channel = keyof typeof channels
export type EventName = keyof typeof events
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>
export type ChannelOutput<C extends Channel> = z.output<(typeof channels)[C]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/**
 * Why a call was refused: `code` the kind, `message` an error code (error-codes.ts) with its `params`,
 * `fieldErrors` error codes keyed by wire path. The window puts them into words.
 */
/** The refusals the core gives (DeskError): the input, the booking's state, a missing thing, a part unavailable. */
export const DESK_ERROR_CODES = ['invalid_input', 'not_allowed', 'not_found', 'unavailable'] as const
/** The refusals only the router gives: the call never reached the core, or the core failed. */
const ROUTER_ERROR_CODES = ['untrusted_sender', 'unknown_channel', 'internal'] as const

export const IpcErrorSchema = z.strictObject({
  code: z.enum([...DESK_ERROR_CODES, ...ROUTER_ERROR_CODES]),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional()
})
export type IpcError = z.infer<typeof IpcErrorSchema>

/** Every answer is a result, never a thrown error: Electron mangles thrown errors' messages. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** Payloads above this size are refused before they are parsed. */
export const MAX_PAYLOAD_BYTES = 64 * 1024

// What the window needs from the core, re-exported so its types come from this one file.
export {
  BookingRequestSchema,
  ClientSchema,
  PhoneSchema,
  MAX_SLOTS,
  fieldErrorsOf,
  type BookingRequest
} from './booking-schema.ts'
export { SubmitBookingSchema, staffActionsOf, type Resolution } from './outbox-item.ts'
export { type TokenStatus } from './settings-schema.ts'
export { ERROR_CODES, type ErrorCode, type ErrorParams } from './error-codes.ts'
export { DEFAULT_API_BASE, createPathAssumed, SettingsSchema, LocationSchema, locationOf, type Location, type ManagedSettings, type Settings } from './settings-schema.ts'
export { bookingRequestSchemaFor } from './booking-schema.ts'
export { type ClientMatch, type ClientSearch, type DeskEvent, type EventList } from './directory-schemas.ts'
export { type ClassRoster, type RosterEntry, type RosterStanding } from './roster-schemas.ts'
export {
  MarkSchema,
  markOf,
  type BookingRef,
  type CancelBooking,
  type DayClass,
  type DayMatch,
  type DaySearch,
  type DaySearchResult,
  type DaySheet,
  type Mark,
  type MarkAttendance,
  type OutboxKind,
  type Rebooked
} from './check-in-schemas.ts'
export { type LabelList, type MyLocation, type MyLocations, type RecordLabel } from './directory-schemas.ts'
export { addDays, localDateTime, localDay } from './location-time.ts'
export { OUTBOX_STATUSES, STATUS_TABLE, actionsFor, allows, allowsFor, statusesIn, type StaffAction, type StatusGroup } from './outbox-status.ts'
export { type OutboxItem, type OutboxStatus, type DeliveryError, type DeliveryStatus, type LookUpEvidence, type CandidateRecord, type BookedClass } from './outbox-item.ts'
export { OUTBOX_PAGE_MAX, OutboxCursorSchema, OutboxPageRequestSchema, OutboxPageSchema, type OutboxPage, type OutboxPageRequest } from './outbox-item.ts'
