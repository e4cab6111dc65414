import { net, powerMonitor } from 'electron'

/** How often Electron's view of the network is read: `net` has no change event. */
const POLL_MS = 2_000

/**
 * Tells the core what the operating system thinks of the network: at start, on each change, and when
 * the computer wakes (a desk PC that slept has usually lost its Wi-Fi, then found it again). The core
 * treats "online" as a reason to probe Altegio at once, and "offline" as a reason to stop sending.
 */
export function watchNetwork(tell: (online: boolean) => void): () => void {
  let last = net.isOnline()
  tell(last)
  const timer = setInterval(() => {
    const now = net.isOnline()
    if (now !== last) tell((last = now))
  }, POLL_MS)
  timer.unref()
  const onWake = (): void => tell((last = net.isOnline()))
  powerMonitor.on('resume', onWake)
  return () => {
    clearInterval(timer)
    powerMonitor.off('resume', onWake)
  }
}
