import { describe, expect, it } from 'vitest'
import { clock, dateTime, dayLabel, districtText, serviceText, slotText, todayInShanghai, yuan } from '../format'
import { regionOptions, regionPath } from '../../components/RegionPicker'

describe('format', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(yuan(12050)).toBe('¥120.50')
    expect(yuan(0)).toBe('¥0.00')
    expect(yuan(-300)).toBe('-¥3.00')
  })

  it('shows instants in Beijing time', () => {
    expect(dateTime('2026-06-18T16:05:00Z')).toBe('2026-06-19 00:05')
    expect(dateTime(null)).toBe('—')
    expect(todayInShanghai(Date.parse('2026-06-18T16:05:00Z'))).toBe('2026-06-19')
  })

  it('labels days relative to today', () => {
    expect(dayLabel('2026-06-18', '2026-06-18')).toBe('今天 06-18 周四')
    expect(dayLabel('2026-06-19', '2026-06-18')).toBe('明天 06-19 周五')
    expect(dayLabel('2026-06-21', '2026-06-18')).toBe('06-21 周日')
  })

  it('describes slots, services and districts in Chinese', () => {
    expect(slotText({ day: '2026-06-18', window: '14-16' })).toBe('2026-06-18 下午 14:00-16:00')
    expect(serviceText('air_conditioner', 'repair')).toBe('空调 · 维修')
    expect(districtText('330106')).toBe('浙江省 杭州市 西湖区')
    expect(districtText('110105')).toBe('北京市 朝阳区')
  })

  it('shows a countdown as mm:ss', () => {
    expect(clock(59)).toBe('00:59')
    expect(clock(600)).toBe('10:00')
    expect(clock(-3)).toBe('00:00')
  })
})

describe('region picker options', () => {
  it('offers only branches that reach a district, three levels deep', () => {
    const options = regionOptions()
    const zhejiang = options.find((p) => p.value === '33')!
    const hangzhou = zhejiang.children!.find((c) => c.value === '3301')!
    expect(hangzhou.children!.some((d) => d.value === '330106' && d.text === '西湖区')).toBe(true)
    expect(options.find((p) => p.value === '65')).toBeUndefined()
    for (const p of options) for (const c of p.children!) expect(c.children!.length).toBeGreaterThan(0)
  })

  it('turns a district code into the picker path', () => {
    expect(regionPath('330106')).toEqual(['33', '3301', '330106'])
    expect(regionPath('')).toEqual([])
  })
})
