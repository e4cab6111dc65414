import type { AltegioTransport } from '../../src-main/core/altegio/transport.ts'
import { readDayRecords, type ClassRecord, type DayRecordsResult } from '../../src-main/core/roster/roster-records.ts'

/** One class's records from the roster's read of its day: what the roster shows for that class. */
export async function classRecords(
  transport: AltegioTransport,
  authorization: string,
  locationId: number,
  day: string,
  eventId: number
): Promise<Exclude<DayRecordsResult, { kind: 'ok' }> | { kind: 'ok'; records: ClassRecord[] }> {
  const result = await readDayRecords(transport, authorization, locationId, day)
  return result.kind === 'ok' ? { kind: 'ok', records: result.byEvent.get(eventId) ?? [] } : result
}
