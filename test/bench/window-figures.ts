import type { Summary } from './stats.ts'

/** What window.ts measures; apart, because window.ts runs with the end-to-end tests' DOM types. */
export interface WindowFigures {
  /** Key press (Enter on the form) → the booking's row in the outbox, in the page's own clock. */
  keyToRow: Summary
  /** Cold start of the window, from navigation: first contentful paint, and the form ready to book. */
  firstPaint: Summary
  interactive: Summary
  /** An outbox of this many bookings: how long its first list took to show, and the frames while scrolling it. */
  scrollRows: number
  listShownMs: number
  frames: Summary
  framesOver50: number
  longAnimationFrames: number
  /** The renderer's JavaScript and CSS, gzipped as a whole file each, and raw. */
  gzipBytes: number
  rawBytes: number
}

/** The outbox at any size (window-outbox.ts): a window opened on `rows` waiting bookings, timed in the page. */
export interface OutboxFirstRows {
  rows: number
  /** The window's first `outbox:list` call → the first row in the list. */
  firstRows: Summary
  /** The window's first `outbox:list` call → its answer in the page (the first page's crossing). */
  firstAnswer: Summary
  /** The first page's answer in the page → the first row in the list: the window's own work. */
  afterAnswer: Summary
  /** Navigation → the first row in the list (what part 7 prints as "shown after"). */
  fromNavigation: Summary
  /** The window's first `outbox:list` call → every booking in the list (read a page at a time). */
  allIn: Summary
}

/** Check-in in the window (window-marks.ts): marks made one after another on a class's roster, timed in the page. */
export interface KeyToMark {
  /** `key`: from Space on a roster row; `call`: the window's roster had no Arrived key, so from the window's `markAttendance` call. */
  from: 'key' | 'call'
  marks: number
  /** Space on the row → the row showing the client arrived (with `from: 'key'`). */
  shown?: Summary
  /** → the core's answer reaching the page: the mark queued in the outbox. */
  answered: Summary
}
