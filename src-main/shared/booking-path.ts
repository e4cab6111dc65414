/**
 * Whether the create call the desk uses, `POST /v2/companies/{location_id}/activities/{event_id}/records`
 * (Altegio's v2 pages, the seed), is documented for the configured API host. The YCLIENTS API Blueprint
 * has no v2 create call: its way into a group class is `POST /records/{company_id}` with `activity_id`.
 * On YCLIENTS' host the desk assumes the seed's path is answered, and staff are told so before a booking.
 */
const HOSTS_WITHOUT_THE_CREATE_CALL: ReadonlySet<string> = new Set(['api.yclients.com'])

export function createPathAssumed(apiBaseUrl: string): boolean {
  try {
    return HOSTS_WITHOUT_THE_CREATE_CALL.has(new URL(apiBaseUrl).hostname.toLowerCase())
  } catch {
    return false
  }
}
