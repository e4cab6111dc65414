/**
 * What the parent learned from its children's stdout across all rounds and lanes: which bookings it
 * asked for, which the core called durable, where the kills landed and what the lookups found.
 */
export class CrashLedger {
  /** email → lane that handed it to a child. */
  readonly submitted = new Map<string, number>()
  /** email → outbox id, for every booking whose submitBooking resolved before the kill. */
  readonly durable = new Map<string, string>()
  /** Outbox ids found `queued` when a child started: durable, not yet sent, when the previous child died. */
  readonly leftQueued = new Set<string>()
  /** Outbox ids a lookup found absent, so they were sent again. */
  readonly lookedUpAbsent = new Set<string>()
  /** Lookups by verdict, from the core's `looked up in Altegio: <verdict>` notes. */
  readonly verdicts = { found: 0, absent: 0, unclear: 0 }
  /** Bookings start-up found `sending` and marked unknown, summed from the core's own log lines. */
  recoveredByStartup = 0
  /** Items a child listed as `sending` right after start-up: recovery should have left none. */
  sendingAtStart = 0
  /** Kills after which, by the last line read, some booking was `sending`. */
  killsMidSend = 0
  /** Kills after which some lookup had begun (its first GET was leaving) and not yet ended. */
  killsMidLookup = 0
  /** Milliseconds from spawn to `ready`, per child. */
  readonly startupMs: number[] = []

  /** Takes in one child's lines once it is dead; `killed` when it died of our SIGKILL. */
  read(lines: readonly string[], killed: boolean): void {
    const status = new Map<string, string>()
    let lookupsBegun = 0
    let lookupsEnded = 0
    for (const line of lines) {
      const [word, a, b] = line.split(' ')
      if (word === 'start' && a === 'queued' && b) this.leftQueued.add(b)
      if (word === 'start' && a === 'sending') this.sendingAtStart += 1
      if (word === 'durable' && a && b) this.durable.set(b, a)
      if (word === 'change' && a && b) status.set(a, b)
      // Every lookup begins by asking for the event's day.
      if (word === 'get' && /\/activities\/\d+$/.test(a ?? '')) lookupsBegun += 1
      const recovered = /^log (\d+) booking\(s\) were being sent when the app stopped/.exec(line)
      if (recovered) this.recoveredByStartup += Number(recovered[1])
      const lookedUp = /^log booking (\S+): looked up in Altegio: (found|absent|unclear)$/.exec(line)
      if (lookedUp) {
        lookupsEnded += 1
        const verdict = lookedUp[2] as keyof CrashLedger['verdicts']
        this.verdicts[verdict] += 1
        if (verdict === 'absent') this.lookedUpAbsent.add(lookedUp[1]!)
      }
    }
    if (!killed) return
    if ([...status.values()].includes('sending')) this.killsMidSend += 1
    if (lookupsBegun > lookupsEnded) this.killsMidLookup += 1
  }
}
