/**
 * Whether a frame's URL is the app's own page: the built `index.html` (file://), or the dev server's
 * origin while developing. Anything else, including a navigated-away or embedded frame, is refused.
 */
export function isAppUrl(frameUrl: string, appUrl: string): boolean {
  let frame: URL
  let app: URL
  try {
    frame = new URL(frameUrl)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (app.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === app.pathname
  return frame.origin === app.origin
}
