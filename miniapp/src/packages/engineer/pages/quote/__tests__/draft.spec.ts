import { describe, expect, it } from 'vitest'
import type { CatalogItem } from '@fangxin/shared'
import { addCatalogueItem, checkOffCatalogue, estimateTotal, isFree, parseYuan, removeLine, setQuantity, toQuoteBody, type QuoteLineDraft } from '../draft'

const item = (code: string, priceFen: number, coveredByApplianceWarranty = true): CatalogItem => ({
  code,
  category: 'air_conditioner',
  serviceTypes: ['repair'],
  kind: code.includes('-P-') ? 'part' : 'labour',
  name: code,
  unit: '个',
  priceFen,
  warrantyDays: 90,
  coveredByApplianceWarranty,
  serialised: code.includes('-P-'),
  active: true,
  condition: null,
  waivedWithRepair: false,
})

const LABOUR = item('AC-L-001', 3000)
const PART = item('AC-P-002', 6500)
const FEE = item('AC-F-001', 3000, false)

describe('quote lines', () => {
  it('adds a catalogue item once and counts it up when added again', () => {
    let lines: QuoteLineDraft[] = []
    lines = addCatalogueItem(lines, PART)
    lines = addCatalogueItem(lines, PART)
    lines = addCatalogueItem(lines, LABOUR)
    expect(lines.map((l) => [l.type === 'catalogue' ? l.item.code : '', l.quantity])).toEqual([
      ['AC-P-002', 2],
      ['AC-L-001', 1],
    ])
  })

  it('keeps quantities within 1-99 and removes lines', () => {
    let lines = addCatalogueItem([], PART)
    lines = setQuantity(lines, 0, 0)
    expect(lines[0]!.quantity).toBe(1)
    lines = setQuantity(lines, 0, 500)
    expect(lines[0]!.quantity).toBe(99)
    expect(removeLine(lines, 0)).toEqual([])
  })

  it('estimates the total at catalogue prices, with warranty-covered items free', () => {
    const lines = [LABOUR, PART, FEE].reduce<QuoteLineDraft[]>((l, i) => addCatalogueItem(l, i), [])
    expect(estimateTotal(lines, { inWarranty: false, isRework: false })).toBe(12500)
    expect(estimateTotal(lines, { inWarranty: true, isRework: false })).toBe(3000)
    expect(estimateTotal(lines, { inWarranty: false, isRework: true })).toBe(0)
  })

  it('on a free second visit, charges only a separate line outside the price list (the server’s rule)', () => {
    const off = checkOffCatalogue({ name: '加装防尘罩', kind: 'part', unit: '个', price: '30', quantity: 1, reason: '客户另行要求' })
    const lines: QuoteLineDraft[] = [...[LABOUR, FEE].reduce<QuoteLineDraft[]>((l, i) => addCatalogueItem(l, i), []), ...(off.ok ? [off.line] : [])]
    expect(estimateTotal(lines, { inWarranty: false, isRework: true })).toBe(3000)
    expect(lines.map((l) => isFree(l, { inWarranty: false, isRework: true }))).toEqual([true, true, false])
  })

  it('sends codes and quantities for catalogue items (the server prices them) and full lines for the rest', () => {
    const off = checkOffCatalogue({ name: '进口轴承', kind: 'part', unit: '个', price: '45.5', quantity: 2, reason: '原厂配件缺货' })
    expect(off.ok).toBe(true)
    const lines: QuoteLineDraft[] = [...addCatalogueItem([], PART), ...(off.ok ? [off.line] : [])]
    expect(toQuoteBody(lines)).toEqual({
      items: [
        { code: 'AC-P-002', quantity: 1 },
        { offCatalogue: true, name: '进口轴承', kind: 'part', unit: '个', unitPriceFen: 4550, quantity: 2, reason: '原厂配件缺货' },
      ],
    })
  })
})

describe('checkOffCatalogue', () => {
  it('requires a reason of at least 4 characters (S5)', () => {
    const result = checkOffCatalogue({ name: '进口轴承', kind: 'part', unit: '个', price: '45', quantity: 1, reason: '缺货' })
    expect(result).toEqual({ ok: false, fields: { reason: '价目表外项目必须说明原因' } })
  })

  it('asks for a name and an amount in yuan', () => {
    const result = checkOffCatalogue({ name: '', kind: 'part', unit: '个', price: '12.345', quantity: 1, reason: '原厂配件缺货' })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.fields).toMatchObject({ name: '请填写项目名称（2-60 字）', price: '请输入金额（元），最多两位小数' })
  })
})

describe('parseYuan', () => {
  it('reads yuan with up to two decimals as integer fen', () => {
    expect(parseYuan('120')).toBe(12000)
    expect(parseYuan(' 65.5 ')).toBe(6550)
    expect(parseYuan('0.01')).toBe(1)
    expect(parseYuan('1.999')).toBeNaN()
    expect(parseYuan('-3')).toBeNaN()
  })
})
