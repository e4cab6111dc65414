/**
 * What the parent learned from its children's stdout across all rounds: which bookings it asked for,
 * which the core called durable, and which a kill left behind undelivered.
 */
export class CrashLedger {
  /** email → round it was handed to a child. */
  readonly submitted = new Map<string, number>()
  /** email → outbox id, for every booking whose submitBooking resolved before the kill. */
  readonly durable = new Map<string, string>()
  /** Outbox ids found `queued` when a child started: durable, not yet sent, when the previous child died. */
  readonly leftQueued = new Set<string>()
  /** Outbox ids a running child saw become `unknown` (a timeout), as opposed to start-up recovery. */
  readonly unknownWhileRunning = new Set<string>()
  /** Bookings start-up found `sending` and marked unknown, summed from the core's own log lines. */
  recoveredByStartup = 0
  /** Items a child listed as `sending` right after start-up: recovery should have left none. */
  sendingAtStart = 0
  /** Rounds where, by the last line read before the kill, some booking was `sending`. */
  killsSeenMidSend = 0

  /** Takes in one child's lines once it is dead. */
  read(lines: readonly string[]): void {
    const status = new Map<string, string>()
    for (const line of lines) {
      const [word, a, b] = line.split(' ')
      if (word === 'start' && a === 'queued' && b) this.leftQueued.add(b)
      if (word === 'start' && a === 'sending') this.sendingAtStart += 1
      if (word === 'durable' && a && b) this.durable.set(b, a)
      if (word === 'change' && a && b) {
        status.set(a, b)
        if (b === 'unknown') this.unknownWhileRunning.add(a)
      }
      const recovered = /^log (\d+) booking\(s\) were being sent when the app stopped/.exec(line)
      if (recovered) this.recoveredByStartup += Number(recovered[1])
    }
    if ([...status.values()].includes('sending')) this.killsSeenMidSend += 1
  }
}
