const withSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
const withoutSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' })

function parse(iso: string | null | undefined): Date | undefined {
  if (!iso) return undefined
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/**
 * Local wall-clock time, with the day in front when it is not `today`'s: a receptionist reads
 * "10:42" as today and needs "3 Mar, 10:42" for anything older.
 */
export function localTime(iso: string | null | undefined, options: { seconds?: boolean; today?: Date } = {}): string {
  const date = parse(iso)
  if (!date) return ''
  const time = (options.seconds === false ? withoutSeconds : withSeconds).format(date)
  const today = options.today ?? new Date()
  return date.toDateString() === today.toDateString() ? time : `${dayFormat.format(date)}, ${time}`
}

/** True when `iso` names a moment after `now`. */
export function isAfter(iso: string | null | undefined, now: Date): boolean {
  const date = parse(iso)
  return date !== undefined && date.getTime() > now.getTime()
}
