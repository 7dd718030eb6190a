/** One piece of a line of text: `keep` pieces never break across lines (a date, a time window, an amount, 已过保). */
export interface WordRun {
  text: string
  keep: boolean
}

/** A short word stays whole (已过保, 上午, 修改): breaking it leaves one or two characters on a line of their own. */
const SHORT_WORD = 6
/** A longer unbroken code (a long serial, a link) may still break rather than run off the screen. */
const LONGEST_KEPT = 24
/** Dates, times, windows, amounts, phone numbers, model and order numbers: letters, digits and what joins them. */
const NUMBERISH = /[0-9A-Za-z¥￥$%#+.,:~_/\-–]+/g

/**
 * Where a line of text may break: only at its spaces, and inside a longer stretch of Chinese between its characters —
 * never inside a date (2026-12-07), a time window (09:00-11:00), an amount (¥1,295.00), a model number or a short
 * word. A sentence without spaces (冰箱冷藏室不制冷，压缩机一直响) still wraps as Chinese does, except around its numbers.
 */
export function wordRuns(text: string): WordRun[] {
  const runs: WordRun[] = []
  const push = (piece: string, keep: boolean) => {
    if (!piece) return
    const last = runs[runs.length - 1]
    if (last && !last.keep && !keep) last.text += piece
    else runs.push({ text: piece, keep })
  }
  for (const token of text.split(/(\s+)/)) {
    if (!token) continue
    if (/^\s+$/.test(token)) push(' ', false)
    else if (token.length <= SHORT_WORD) push(token, true)
    else {
      let at = 0
      const between = (piece: string) => push(piece, piece.length <= SHORT_WORD)
      for (const m of token.matchAll(NUMBERISH)) {
        between(token.slice(at, m.index))
        push(m[0], m[0].length <= LONGEST_KEPT)
        at = m.index + m[0].length
      }
      between(token.slice(at))
    }
  }
  return runs
}
