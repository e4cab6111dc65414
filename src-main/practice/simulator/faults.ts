import type { Fault, ReadFault } from './types.ts'

/**
 * Chooses the fault for each request of one kind (creates, or reads): injected faults first, one per
 * request in order, then the policy. Only requests that passed the header, location and event checks
 * ask, so a rejected request never consumes a fault meant for a real attempt. `C` is what the policy is
 * told besides the request number.
 */
export class FaultPlan<F extends Fault, C extends object = object> {
  private queue: F[] = []
  private policy: ((ctx: C & { requestNumber: number }) => F | undefined) | undefined
  private asked = 0
  private readonly allowed: ReadonlySet<Fault['kind']> | undefined

  /** `allowed` lists the kinds this plan may apply, so a fault that means nothing here fails loudly. */
  constructor(allowed?: ReadonlySet<Fault['kind']>) {
    this.allowed = allowed
  }

  inject(faults: F[]): void {
    for (const fault of faults) this.queue.push(this.checked(fault))
  }

  setPolicy(policy: ((ctx: C & { requestNumber: number }) => F | undefined) | undefined): void {
    this.policy = policy
  }

  /** The fault for the next request, or undefined to answer normally. */
  next(ctx: C): F | undefined {
    this.asked += 1
    const injected = this.queue.shift()
    if (injected) return injected
    const chosen = this.policy?.({ ...ctx, requestNumber: this.asked })
    return chosen ? this.checked(chosen) : undefined
  }

  /** Fails loudly on a fault a test could not have meant, instead of answering something odd. */
  private checked(fault: F): F {
    if (this.allowed && !this.allowed.has(fault.kind)) {
      throw new Error(`fault ${fault.kind} does not apply here; allowed: ${[...this.allowed].join(', ')}`)
    }
    if (fault.kind === 'delay' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
      throw new Error(`delay fault needs ms >= 0, got ${fault.ms}`)
    }
    if (fault.kind === 'status' && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
      throw new Error(`status fault needs an HTTP status, got ${fault.status}`)
    }
    return fault
  }
}

/** Reads store nothing, so only the faults that do not depend on storing apply to them. */
export const READ_FAULT_KINDS: ReadonlySet<ReadFault['kind']> = new Set([
  'delay',
  'status',
  'html',
  'rate_limit',
  'drop_before_store'
])
