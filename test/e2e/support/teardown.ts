/**
 * A teardown step that hangs fails the test naming the step within a few seconds, rather than holding
 * the run until a hook time-out. Every step here (a desk closing, a server stopping) takes milliseconds
 * when nothing is wrong.
 */
export async function within(step: string, work: Promise<void>, ms = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`session teardown: ${step} did not finish within ${ms} ms`)), ms)
  })
  try {
    await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Runs every step, each `within` its limit, even when an earlier one fails; then throws the first failure. */
export async function closeAll(steps: Record<string, () => Promise<void> | void>, ms = 5_000): Promise<void> {
  const failures: unknown[] = []
  for (const [step, close] of Object.entries(steps)) {
    try {
      await within(step, Promise.resolve().then(close), ms)
    } catch (error) {
      failures.push(error)
    }
  }
  if (failures.length > 0) throw failures[0]
}
