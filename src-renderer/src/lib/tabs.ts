/**
 * The ARIA tabs pattern, shared by the screens' tabs and the outbox's filters: only the selected tab is in
 * the Tab order, and the arrow keys, Home and End move between tabs, wrapping at the ends.
 */

/** A tab button's attributes; `controls` names the panel it shows, when that panel is on the page. */
export function tabAttrs(id: string, selected: boolean, controls: string | undefined) {
  return { id, type: 'button', role: 'tab', 'aria-selected': selected, 'aria-controls': controls, tabindex: selected ? 0 : -1 } as const
}

/** The tab a key moves to from tab `index` of `count`, or undefined when the key does not move. */
export function tabAfterKey(key: string, index: number, count: number): number | undefined {
  const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: count - 1 }
  const target = moves[key]
  return target === undefined ? undefined : (target + count) % count
}
