import type { Fault, FaultPolicy } from './types.ts'

/**
 * Chooses the fault for each create request: injected faults first, one per request in order, then the
 * policy. Only requests that passed the header, location and event checks ask, so a rejected request
 * never consumes a fault meant for a real attempt.
 */
export class FaultPlan {
  private queue: Fault[] = []
  private policy: FaultPolicy | undefined
  private asked = 0

  inject(faults: Fault[]): void {
    for (const fault of faults) this.queue.push(checked(fault))
  }

  setPolicy(policy: FaultPolicy | undefined): void {
    this.policy = policy
  }

  /** The fault for the next create request, or undefined to answer normally. */
  next(): Fault | undefined {
    this.asked += 1
    const injected = this.queue.shift()
    if (injected) return injected
    const chosen = this.policy?.({ requestNumber: this.asked })
    return chosen ? checked(chosen) : undefined
  }
}

/** Fails loudly on a fault a test could not have meant, instead of answering something odd. */
function checked(fault: Fault): Fault {
  if (fault.kind === 'delay' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new Error(`delay fault needs ms >= 0, got ${fault.ms}`)
  }
  if (fault.kind === 'status' && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
    throw new Error(`status fault needs an HTTP status, got ${fault.status}`)
  }
  return fault
}
