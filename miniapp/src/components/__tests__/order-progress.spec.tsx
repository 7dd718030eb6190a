import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { TimelineList } from '../OrderProgress'
import type { TimelineEventView as TimelineEvent } from '@fangxin/shared'

const event = (seq: number, data: TimelineEvent['data']): TimelineEvent => ({
  seq,
  type: 'card_verified',
  at: '2026-11-24T06:00:00.000Z',
  actor: { id: 'c1', role: 'customer', name: '张女士' },
  data,
  prevHash: 'a',
  hash: 'b',
})

describe('TimelineList: work card checks', () => {
  it('says in words why a check did not match, never the verdict code', () => {
    render(
      <TimelineList
        timeline={{
          verdict: { valid: true, events: 2, head: 'b' },
          events: [
            event(1, { verdict: 'genuine', match: false, assignedToThisOrder: true, inTimeWindow: false }),
            event(2, { verdict: 'revoked', match: false, assignedToThisOrder: false, inTimeWindow: true }),
          ],
        }}
      />,
    )
    expect(screen.getByText('核验结果：真实有效，不在预约时段')).toBeTruthy()
    expect(screen.getByText('核验结果：工作证已吊销，非本单工程师')).toBeTruthy()
    expect(screen.queryByText(/genuine|revoked/)).toBeNull()
  })
})
