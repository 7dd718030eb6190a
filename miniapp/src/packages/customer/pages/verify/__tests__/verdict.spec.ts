import { describe, expect, it } from 'vitest'
import { CARD_VERDICT_TEXT, type CardOrderMatch, type CardVerification } from '@fangxin/shared'
import { readVerification } from '../verdict'

const match = (over: Partial<CardOrderMatch> = {}): CardOrderMatch => ({
  orderId: '64b7f0c2a1b2c3d4e5f60001',
  orderNo: 'FX2026061800001',
  assignedToThisOrder: true,
  inTimeWindow: true,
  window: { from: '2026-06-18T00:00:00Z', to: '2026-06-18T15:59:59Z' },
  qualifiedForCategory: true,
  match: true,
  ...over,
})

const result = (verdict: CardVerification['verdict'], orders: CardOrderMatch[]): CardVerification => ({
  verdict,
  ...CARD_VERDICT_TEXT[verdict],
  checkedAt: '2026-06-18T02:00:00Z',
  serial: 'FXC-HZ-XH-7KQ2MA',
  tokenExpiresAt: null,
  engineer: null,
  orders,
})

describe('readVerification', () => {
  it('passes a genuine card of the assigned engineer, in time and qualified', () => {
    const v = readVerification(result('genuine', [match()]), '64b7f0c2a1b2c3d4e5f60001')
    expect(v).toMatchObject({ pass: true, headline: '真实有效 · 本单工程师' })
    expect(v.checks.every((c) => c.ok)).toBe(true)
  })

  it('fails a genuine card of someone not assigned to the order, and says so first', () => {
    const v = readVerification(result('genuine', [match({ assignedToThisOrder: false, match: false })]), '64b7f0c2a1b2c3d4e5f60001')
    expect(v.pass).toBe(false)
    expect(v.headline).toBe('不是您订单的工程师')
    expect(v.detail).toContain('不是您订单的指派工程师')
  })

  it('names exactly the check that failed when the engineer is assigned', () => {
    const v = readVerification(result('genuine', [match({ inTimeWindow: false, match: false })]), '64b7f0c2a1b2c3d4e5f60001')
    expect(v).toMatchObject({ pass: false, headline: '工作证真实，但有一项不符' })
    expect(v.checks.filter((c) => !c.ok).map((c) => c.text)).toEqual(['不在预约的上门时间范围内'])
  })

  it('shows the verdict’s own words for an expired, revoked or forged card', () => {
    for (const verdict of ['expired', 'revoked', 'engineer_suspended', 'tampered'] as const) {
      const v = readVerification(result(verdict, []))
      expect(v).toMatchObject({ pass: false, headline: CARD_VERDICT_TEXT[verdict].label, detail: CARD_VERDICT_TEXT[verdict].detail })
    }
  })

  it('without an order in question, checks against the order the engineer is assigned to', () => {
    const other = match({ orderId: '64b7f0c2a1b2c3d4e5f60009', orderNo: 'FX2', assignedToThisOrder: false, match: false })
    const v = readVerification(result('genuine', [other, match()]))
    expect(v.order?.orderNo).toBe('FX2026061800001')
    expect(v.pass).toBe(true)
  })

  it('a genuine card with no active order of the customer’s is genuine, with nothing to compare', () => {
    const v = readVerification(result('genuine', []))
    expect(v).toMatchObject({ pass: true, headline: '工作证真实有效', checks: [] })
  })
})
