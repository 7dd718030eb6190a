import { describe, expect, it } from 'vitest'
import { wordRuns } from '../wordRuns'

const kept = (text: string) => wordRuns(text).filter((r) => r.keep).map((r) => r.text)

describe('wordRuns: where a line of text may break', () => {
  it('keeps each date, time window and amount whole and breaks only at the spaces between them', () => {
    expect(wordRuns('2026-12-08 上午 09:00-11:00')).toEqual([
      { text: '2026-12-08', keep: true },
      { text: ' ', keep: false },
      { text: '上午', keep: true },
      { text: ' ', keep: false },
      { text: '09:00-11:00', keep: true },
    ])
    expect(kept('截止 2026-12-07 14:00 · 完成于 2026-12-07 13:25')).toEqual(['截止', '2026-12-07', '14:00', '·', '完成于', '2026-12-07', '13:25'])
    expect(kept('合计 ¥1,295.00')).toEqual(['合计', '¥1,295.00'])
  })

  it('keeps a short word whole (已过保 must not stack one character per line)', () => {
    expect(wordRuns('已过保')).toEqual([{ text: '已过保', keep: true }])
  })

  it('lets a Chinese sentence wrap between its characters, except inside its numbers', () => {
    const runs = wordRuns('冰箱冷藏室不制冷，压缩机一直响')
    expect(runs).toEqual([{ text: '冰箱冷藏室不制冷，压缩机一直响', keep: false }])
    expect(wordRuns('已过保（2025-08-16 到期）')).toEqual([
      { text: '已过保（', keep: true },
      { text: '2025-08-16', keep: true },
      { text: ' ', keep: false },
      { text: '到期）', keep: true },
    ])
    expect(kept('预约时间：2026-12-08')).toEqual(['预约时间：', '2026-12-08'])
  })

  it('lets a very long code break rather than run off a narrow screen', () => {
    const token = 'eyJ2IjoxLCJlIjoiMTQxMGYyOGE4MmRmMjFjZWE2'
    expect(wordRuns(token)).toEqual([{ text: token, keep: false }])
  })

  it('gives back the text it was given, with runs of spaces as one', () => {
    for (const text of ['', '  上门 时间  ', '排水管加长 ¥25.00 × 1 = ¥25.00']) {
      expect(wordRuns(text).map((r) => r.text).join('')).toBe(text.replace(/\s+/g, ' '))
    }
  })
})
