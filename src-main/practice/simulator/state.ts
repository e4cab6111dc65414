import type { SimClient, SimEvent, SimLabel, SimRecord } from './types.ts'
import type { CreateRecordInput } from './routes/validation.ts'

/** A booking the rules refused after the body was valid: answered 422. */
export interface BusinessRefusal {
  message: string
  errors?: Record<string, string[]>
}

export type BookResult = { ok: true; record: SimRecord } | { ok: false; refusal: BusinessRefusal }

/** Ids in the ranges real Altegio hands out, so a client that truncates or mistypes them shows it. */
const FIRST_RECORD_ID = 624798251
const FIRST_VISIT_ID = 512345001
const FIRST_CLIENT_ID = 180000001
/** Records seeded as made elsewhere: below the desk's range, so the records list's id order puts them first. */
const FIRST_ELSEWHERE_ID = 600000001
const DAY_MS = 86_400_000

/** Only the digits: `+1 315…` and legacy `1315…` are the same person. */
function phoneKey(phone: string): string {
  return phone.replace(/\D/g, '')
}

/** The simulator's data: locations, events, clients and records. Survives stop()/restart(). */
export class SimState {
  private readonly locations = new Set<number>()
  private readonly timeZones = new Map<number, string>()
  private readonly denied = new Set<number>()
  private readonly titles = new Map<number, string>()
  private readonly labels: SimLabel[] = []
  private readonly events = new Map<string, SimEvent>()
  private readonly clientsByPhone = new Map<string, SimClient>()
  private readonly stored: SimRecord[] = []
  /** Records of seeded `bookedBy` clients: listed, already counted in `booked`, never in `records()`. */
  private readonly elsewhere: SimRecord[] = []
  private nextElsewhereId = FIRST_ELSEWHERE_ID
  private nextRecordId = FIRST_RECORD_ID
  private nextVisitId = FIRST_VISIT_ID
  private nextClientId = FIRST_CLIENT_ID

  addLocation(id: number, timeZone?: string): void {
    this.locations.add(id)
    if (timeZone) this.timeZones.set(id, timeZone)
  }

  /** The location's name, as `GET /v1/companies` lists it. */
  setTitle(id: number, title: string): void {
    this.titles.set(id, title)
  }

  /** Locations the staff may book into (`my=1`): every known one Altegio would not refuse. */
  bookableLocations(): { id: number; title: string; timeZone?: string }[] {
    return [...this.locations]
      .filter((id) => !this.denied.has(id))
      .sort((a, b) => a - b)
      .map((id) => ({ id, title: this.titles.get(id) ?? `Location ${id}`, ...(this.timeZones.has(id) ? { timeZone: this.timeZones.get(id)! } : {}) }))
  }

  addLabel(label: SimLabel): void {
    this.labels.push({ ...label })
  }

  /** A label's new title; its id and colour stay. */
  renameLabel(locationId: number, id: number, title: string): void {
    for (const label of this.labels) if (label.locationId === locationId && label.id === id) label.title = title
  }

  labelsOf(locationId: number, entity: number): SimLabel[] {
    return this.labels.filter((label) => label.locationId === locationId && (entity === 0 || label.entity === entity)).map((label) => ({ ...label }))
  }

  /** The zone the location's event times are given in; undefined: this machine's. */
  timeZone(id: number): string | undefined {
    return this.timeZones.get(id)
  }

  /** Every event of the location, in start order. */
  eventsOf(locationId: number): SimEvent[] {
    return [...this.events.values()].filter((e) => e.locationId === locationId).sort((a, b) => a.date.getTime() - b.date.getTime() || a.id - b.id)
  }

  /** An event's new title and staff name; its time, places and records stay. */
  renameEvent(locationId: number, id: number, title: string, staffName: string): void {
    const event = this.events.get(`${locationId}/${id}`)
    if (event) Object.assign(event, { title, staffName })
  }

  /** The event moved to another time, its records with it (the records list finds them by the event's day). */
  moveEvent(locationId: number, id: number, date: Date): void {
    const event = this.events.get(`${locationId}/${id}`)
    if (event) event.date = date
  }

  /** A client known before the test (the location's client base); found by phone like any other. */
  addClient(client: SimClient): void {
    this.clientsByPhone.set(phoneKey(client.phone), { ...client })
    this.nextClientId = Math.max(this.nextClientId, client.id + 1)
  }

  clients(): SimClient[] {
    return [...this.clientsByPhone.values()].map((client) => ({ ...client }))
  }

  denyLocation(id: number): void {
    this.denied.add(id)
  }

  addEvent(event: SimEvent): void {
    if (!this.locations.has(event.locationId)) {
      throw new Error(`addEvent: location ${event.locationId} is unknown; call addLocation first`)
    }
    if ((event.bookedBy?.length ?? 0) > (event.booked ?? 0)) throw new Error(`addEvent: event ${event.id} has more bookedBy than booked`)
    this.events.set(`${event.locationId}/${event.id}`, { ...event, date: new Date(event.date) })
    for (const [index, client] of (event.bookedBy ?? []).entries()) {
      const attendance = event.attended?.[index]
      this.elsewhere.push({
        ...(attendance !== undefined ? { attendance } : {}),
        id: this.nextElsewhereId++,
        locationId: event.locationId,
        eventId: event.id,
        clientsCount: 1,
        client: { ...client },
        createdAt: new Date(new Date(event.date).getTime() - 2 * DAY_MS).toISOString(),
        labels: [],
        visitId: this.nextVisitId++,
        deleted: false
      })
    }
  }

  hasLocation(id: number): boolean {
    return this.locations.has(id)
  }

  isDenied(id: number): boolean {
    return this.denied.has(id)
  }

  event(locationId: number, eventId: number): SimEvent | undefined {
    return this.events.get(`${locationId}/${eventId}`)
  }

  records(): SimRecord[] {
    return structuredClone(this.stored)
  }

  /** Altegio's records as they stood at some moment, in place of today's; later ids follow theirs. */
  replaceRecords(records: readonly SimRecord[]): void {
    this.stored.splice(0, this.stored.length, ...structuredClone([...records]))
    for (const record of records) this.nextRecordId = Math.max(this.nextRecordId, record.id + 1)
  }

  /** The location's records, deleted ones included, in id order; live objects, for the answer builders. */
  recordsOf(locationId: number): readonly SimRecord[] {
    return [...this.elsewhere, ...this.stored].filter((record) => record.locationId === locationId)
  }

  /** Places taken on an event: deleted records have freed theirs. */
  placesTaken(event: SimEvent): number {
    return (
      (event.booked ?? 0) +
      this.stored
        .filter((record) => !record.deleted && record.locationId === event.locationId && record.eventId === event.id)
        .reduce((sum, record) => sum + record.clientsCount, 0)
    )
  }

  /** Marks a record deleted (staff cancelled it in Altegio); a test naming no stored record is a bug. */
  deleteRecord(id: number, now: Date): void {
    const record = this.stored.find((candidate) => candidate.id === id) ?? this.elsewhere.find((candidate) => candidate.id === id)
    if (!record) throw new Error(`deleteRecord: no record ${id}`)
    if (record.deleted) return
    record.deleted = true
    record.deletedAt = now.toISOString()
  }

  /** A record of the location, deleted or not; the live object, for the record routes. */
  recordOf(locationId: number, id: number): SimRecord | undefined {
    return this.recordsOf(locationId).find((record) => record.id === id)
  }

  /** Sets a record's attendance (a mark made at the desk, or at another desk in a test). */
  setAttendance(id: number, attendance: number): void {
    const record = this.stored.find((candidate) => candidate.id === id) ?? this.elsewhere.find((candidate) => candidate.id === id)
    if (!record) throw new Error(`setAttendance: no record ${id}`)
    record.attendance = attendance
  }

  /** Applies the business rules, then stores. The event must exist (the caller answered 404 otherwise). */
  book(event: SimEvent, input: CreateRecordInput, now: Date): BookResult {
    if (event.date.getTime() < now.getTime()) {
      return { ok: false, refusal: { message: 'Событие уже прошло' } }
    }
    if (this.placesTaken(event) + input.clientsCount > event.capacity) {
      return { ok: false, refusal: { message: 'Нет свободных мест', errors: { clients_count: ['Нет свободных мест'] } } }
    }
    const record: SimRecord = {
      id: this.nextRecordId++,
      locationId: event.locationId,
      eventId: event.id,
      clientsCount: input.clientsCount,
      client: this.clientFor(input.client),
      createdAt: now.toISOString(),
      labels: [...input.labels],
      visitId: this.nextVisitId++,
      deleted: false
    }
    this.stored.push(record)
    return { ok: true, record: structuredClone(record) }
  }

  /**
   * `client.id` wins; otherwise the phone finds the client, and a new phone makes a new one. A create that
   * names an existing client stores what it was sent as her profile, blanks included: whether Altegio does
   * is not documented, and the simulator takes the answer that would cost a studio its data.
   */
  private clientFor(input: CreateRecordInput['client']): SimClient {
    const key = phoneKey(input.phone)
    const known = this.clientsByPhone.get(key)
    const id = input.id ?? known?.id ?? this.nextClientId++
    const client: SimClient = { id, name: input.name, surname: input.surname, phone: input.phone, email: input.email }
    if (input.id !== undefined) {
      for (const [phone, stored] of this.clientsByPhone) if (stored.id === input.id) this.clientsByPhone.delete(phone)
    }
    this.clientsByPhone.set(key, client)
    return { ...client }
  }
}
