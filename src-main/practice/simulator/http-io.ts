import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'

/** Altegio refuses bodies above this; the simulator answers 413. */
export const MAX_BODY_BYTES = 1024 * 1024
/** Past this the simulator stops draining and cuts the connection, so a runaway client cannot hang it. */
const HARD_CAP_BYTES = 16 * MAX_BODY_BYTES

export type BodyResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too_large' } | { kind: 'aborted' }

/**
 * Reads the whole body. An oversized body is drained (not kept) so the 413 reaches a client that is still
 * sending; answering mid-upload would make most clients see a reset instead of the status.
 */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > HARD_CAP_BYTES) {
        req.socket.destroy()
        return
      }
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? { kind: 'too_large' } : { kind: 'ok', bytes: Buffer.concat(chunks) }))
    req.on('error', () => resolve({ kind: 'aborted' }))
    req.on('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' })
    })
  })
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Parses a body as JSON; not ok when empty, bad UTF-8 or bad syntax (the text is kept for the log). */
export function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false; text: string | undefined } {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return { ok: false, text: undefined }
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, text: text.length > 0 ? text : undefined }
  }
}

/** Sends a body whose bytes are exactly `text`; no-op when the client is already gone. */
export function sendRaw(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  extraHeaders: Record<string, string> = {}
): void {
  if (res.destroyed || res.writableEnded) return
  const body = Buffer.from(text, 'utf8')
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(body.length), ...extraHeaders })
  res.end(body)
}

export function sendJson(res: ServerResponse, status: number, value: unknown, extraHeaders?: Record<string, string>): void {
  sendRaw(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extraHeaders)
}

/** An error answer: its status, Altegio's message, the fields' errors (for a 422) and extra headers. */
export type ErrorAnswer = [status: number, message: string, errors?: Record<string, string[]>, extraHeaders?: Record<string, string>]

/** Altegio's error envelope: `{"success": false, "data": null, "meta": {"message", "errors"?}}`. */
export function sendError(res: ServerResponse, ...[status, message, errors, extraHeaders]: ErrorAnswer): void {
  const meta: { message: string; errors?: Record<string, string[]> } = { message }
  if (errors) meta.errors = errors
  sendJson(res, status, { success: false, data: null, meta }, extraHeaders)
}

/** What nginx in front of an API answers when the upstream is down. */
export function sendProxyHtml(res: ServerResponse, status: number): void {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  sendRaw(res, status, 'text/html', html)
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error'
}
