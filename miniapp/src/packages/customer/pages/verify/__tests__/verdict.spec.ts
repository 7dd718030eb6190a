import { describe, expect, it } from 'vitest'
import { CARD_VERDICT_TEXT, arrivalVerdict, type CardOrderMatch, type CardVerification } from '@fangxin/shared'
import { readVerification } from '../verdict'

const SLOT = { day: '2026-06-18', startAt: '2026-06-18T01:00:00Z', endAt: '2026-06-18T03:00:00Z' }
const arrivalAt = (iso: string) => {
  const { timing, label, advice } = arrivalVerdict(SLOT, new Date(iso))
  return { timing, label, advice }
}

const match = (over: Partial<CardOrderMatch> = {}): CardOrderMatch => ({
  orderId: '64b7f0c2a1b2c3d4e5f60001',
  orderNo: 'FX2026061800001',
  assignedToThisOrder: true,
  inTimeWindow: true,
  window: { from: '2026-06-18T00:30:00Z', to: '2026-06-18T16:00:00Z' },
  arrival: arrivalAt('2026-06-18T01:30:00Z'),
  qualifiedForCategory: true,
  match: true,
  ...over,
})

const result = (verdict: CardVerification['verdict'], orders: CardOrderMatch[]): CardVerification => ({
  verdict,
  ...CARD_VERDICT_TEXT[verdict],
  hotline: '400-820-5050',
  checkedAt: '2026-06-18T02:00:00Z',
  serial: 'FXC-HZ-XH-7KQ2MA',
  tokenExpiresAt: null,
  engineer: null,
  orders,
})

describe('readVerification', () => {
  it('passes a genuine card of the assigned engineer, in time and qualified', () => {
    const v = readVerification(result('genuine', [match()]), '64b7f0c2a1b2c3d4e5f60001')
    expect(v).toMatchObject({ pass: true, tone: 'pass', headline: '这是您订单当前指派的工程师' })
    expect(v.checks.every((c) => c.state === 'ok')).toBe(true)
  })

  it('fails a genuine card of someone not assigned to the order, says so first, and gives the hotline', () => {
    const v = readVerification(result('genuine', [match({ assignedToThisOrder: false, match: false })]), '64b7f0c2a1b2c3d4e5f60001')
    expect(v).toMatchObject({ pass: false, tone: 'fail', headline: '这不是您订单当前指派的工程师' })
    expect(v.detail).toContain('放心服务客服（电话 400-820-5050）')
  })

  it('an early arrival (05:07 for 09:00-11:00) is amber with the shared rule’s words, not a stop', () => {
    const arrival = arrivalAt('2026-06-17T21:07:00Z')
    const v = readVerification(result('genuine', [match({ arrival })]), '64b7f0c2a1b2c3d4e5f60001')
    expect(v).toMatchObject({ pass: true, tone: 'warn', headline: '这是您订单当前指派的工程师 · 提前 3 小时 53 分钟到达', detail: arrival.advice })
    expect(v.checks.find((c) => c.state === 'note')?.text).toBe('提前 3 小时 53 分钟到达')
  })

  it('names exactly the check that failed when the engineer is assigned', () => {
    const v = readVerification(result('genuine', [match({ inTimeWindow: false, match: false, arrival: arrivalAt('2026-06-20T02:00:00Z') })]), '64b7f0c2a1b2c3d4e5f60001')
    expect(v).toMatchObject({ pass: false, tone: 'fail', headline: '是您订单的工程师，但有一项不符' })
    expect(v.checks.filter((c) => c.state !== 'ok').map((c) => c.text)).toEqual(['不是预约的上门日期'])
  })

  it('shows the verdict’s own words for an expired, revoked or forged card', () => {
    for (const verdict of ['expired', 'revoked', 'engineer_suspended', 'tampered'] as const) {
      const v = readVerification(result(verdict, []))
      expect(v).toMatchObject({ pass: false, tone: 'fail', headline: CARD_VERDICT_TEXT[verdict].label, detail: CARD_VERDICT_TEXT[verdict].detail })
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
