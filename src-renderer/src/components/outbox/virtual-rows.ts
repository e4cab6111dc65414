import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'

/**
 * Rows rendered beyond each edge of the view: a fast scroll or Tab finds them already there. The list's
 * first rows are only those in sight, drawn alone; the margin's follow once that frame is painted.
 */
const MARGIN_PX = 900
/** A row's height before it has been measured: about one with a status line and buttons. */
const ESTIMATE_PX = 140
/**
 * Rows rendered before the list knows where it is shown (its first render): about a screen's worth of the
 * list's top; the rows in view follow in the same frame once it is placed.
 */
const FIRST_ROWS = 6

export interface VirtualRow<T> {
  item: T
  /** Its place in the whole list, from 0 (for aria-posinset). */
  index: number
  /** Room kept above it for the rows not rendered there, in pixels (0 when its neighbour is rendered). */
  gapBefore: number
}

/**
 * A long list rendered only around what is in view: the rows within MARGIN_PX of the scrolling box's
 * edges, plus the row holding focus, wherever it is. Rows not rendered keep their room as a margin above
 * the next rendered row and a padding below the last, from heights measured as rows are shown (an
 * estimate until then), so the scroll bar and scroll position are those of the whole list.
 * `list` is the element the rows are rendered into, each with `data-id`; it scrolls with its nearest
 * scrolling ancestor, or with the page. `place` is the element the list starts at the top of, there before
 * the list is (while it loads): the list is located by it, so the rows of its first render are those in
 * view, and a list that appears with its first rows costs no layout to find where it is.
 */
export function useVirtualRows<T extends { id: string }>(items: Ref<readonly T[]>, list: Ref<HTMLElement | null>, place: Ref<HTMLElement | null>) {
  const heights = new Map<string, number>()
  const measured = ref(0)
  const gap = ref(0)
  /** The part of the list in view, in pixels from the list's top; null before it is known. */
  const view = shallowRef<{ top: number; bottom: number } | null>(null)
  const margin = ref(0)
  let widening = false
  const focusedId = ref<string | null>(null)
  let box: HTMLElement | null = null

  /** offsets[i]: where row i starts, each row followed by the list's gap; offsets[n]: the whole height. */
  const offsets = computed(() => {
    void measured.value
    const rows = items.value
    const out = new Float64Array(rows.length + 1)
    for (let i = 0; i < rows.length; i++) out[i + 1] = out[i]! + (heights.get(rows[i]!.id) ?? ESTIMATE_PX) + gap.value
    return out
  })

  /** The first row ending below `y`. */
  function rowAt(y: number): number {
    const at = offsets.value
    let low = 0
    let high = items.value.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (at[mid + 1]! <= y) low = mid + 1
      else high = mid
    }
    return low
  }

  const start = computed(() => (view.value ? rowAt(view.value.top - margin.value) : 0))
  const end = computed(() =>
    view.value ? Math.min(items.value.length, rowAt(view.value.bottom + margin.value) + 1) : Math.min(items.value.length, FIRST_ROWS)
  )

  const rows = computed<VirtualRow<T>[]>(() => {
    const all = items.value
    const at = offsets.value
    const indices: number[] = []
    const focused = focusedId.value === null ? -1 : all.findIndex((item) => item.id === focusedId.value)
    if (focused !== -1 && focused < start.value) indices.push(focused)
    for (let i = start.value; i < end.value; i++) indices.push(i)
    if (focused >= end.value) indices.push(focused)
    let next = 0
    return indices.map((index) => {
      const row = { item: all[index]!, index, gapBefore: at[index]! - at[next]! }
      next = index + 1
      return row
    })
  })

  /** The room below the last rendered row for the rows after it. */
  const tail = computed(() => {
    const last = rows.value.at(-1)
    return last ? offsets.value[items.value.length]! - offsets.value[last.index + 1]! : 0
  })

  function locate(): void {
    const el = place.value
    if (!el) return
    const listTop = el.getBoundingClientRect().top
    const viewTop = box ? box.getBoundingClientRect().top : 0
    const height = box ? box.clientHeight : window.innerHeight
    const top = viewTop - listTop
    view.value = { top, bottom: top + height }
  }

  // Rows are measured once laid out, and the list's gap with them: nothing is read while rows are rendered.
  const sizes = new ResizeObserver((entries) => {
    const listGap = list.value ? parseFloat(getComputedStyle(list.value).rowGap) || 0 : gap.value
    let changed = listGap !== gap.value
    gap.value = listGap
    for (const entry of entries) {
      const id = (entry.target as HTMLElement).dataset.id
      const height = entry.borderBoxSize[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight
      if (id && heights.get(id) !== height) {
        heights.set(id, height)
        changed = true
      }
    }
    if (changed) measured.value += 1
  })
  const observed = new Set<Element>()

  /** After each render: rows shown are measured, rows gone are let go. */
  function observeRows(): void {
    const shown = new Set(list.value ? Array.from(list.value.children) : [])
    for (const el of observed) if (!shown.has(el)) (sizes.unobserve(el), observed.delete(el))
    for (const el of shown) if (!observed.has(el)) (sizes.observe(el), observed.add(el))
    if (shown.size > 0 && !widening) {
      widening = true
      // A timer set in an animation frame runs after that frame is painted.
      requestAnimationFrame(() => setTimeout(() => (margin.value = MARGIN_PX), 0))
    }
  }

  function scroller(el: HTMLElement): HTMLElement | null {
    for (let node = el.parentElement; node; node = node.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(node).overflowY)) return node
    }
    return null
  }

  // The list moves when what is above it in the box grows or shrinks (the day view, the roster).
  const moves = new ResizeObserver(() => locate())

  function attach(): void {
    detach()
    const el = place.value
    if (!el) return
    box = scroller(el)
    ;(box ?? window).addEventListener('scroll', locate, { passive: true })
    for (const child of (box ?? document.body).children) moves.observe(child)
    locate()
  }

  function detach(): void {
    ;(box ?? window).removeEventListener('scroll', locate)
    moves.disconnect()
    box = null
  }

  /** Which row holds focus: it stays rendered while it does, so focus is never lost to scrolling. */
  function onFocusIn(event: FocusEvent): void {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-id]')
    focusedId.value = row?.dataset.id ?? null
  }
  function onFocusOut(event: FocusEvent): void {
    if (!list.value?.contains(event.relatedTarget as Node | null)) focusedId.value = null
  }

  // The layout (one column or two) decides which box scrolls.
  const onResize = (): void => attach()
  window.addEventListener('resize', onResize)
  watch(place, attach, { flush: 'post' })
  watch(rows, observeRows, { flush: 'post' })
  onBeforeUnmount(() => {
    window.removeEventListener('resize', onResize)
    detach()
    sizes.disconnect()
  })

  return { rows, tail, onFocusIn, onFocusOut }
}
