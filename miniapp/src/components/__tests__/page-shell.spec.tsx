import { act, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { Text } from '@tarojs/components'
import { PageShell } from '../PageShell'
import { QuoteLine } from '../QuoteItems'
import { preferences } from '@/services/preferences'

// The app's store persists through Taro storage; here it keeps to memory.
vi.mock('@/services/preferences', async () => {
  const { createPreferencesStore, usePreferencesStore } = await import('@/services/preferences-store')
  const { memoryStorage } = await import('../../../test/memory-storage')
  const store = createPreferencesStore(memoryStorage())
  return { preferences: store, usePreferences: () => usePreferencesStore(store) }
})

describe('PageShell (长辈模式)', () => {
  it('scales the whole page when large text is switched on, and back', () => {
    render(
      <PageShell className='home'>
        <Text>内容</Text>
      </PageShell>,
    )
    const root = screen.getByText('内容').parentElement!
    expect(root.classList.contains('page')).toBe(true)
    expect(root.classList.contains('fx-elder')).toBe(false)

    act(() => preferences.set({ largeText: true }))
    expect(root.classList.contains('fx-elder')).toBe(true)
    expect(root.classList.contains('home')).toBe(true)

    act(() => preferences.set({ largeText: false }))
    expect(root.classList.contains('fx-elder')).toBe(false)
  })
})

describe('QuoteLine', () => {
  it('shows an item covered by the appliance warranty as free, with the catalogue price it would cost', () => {
    render(
      <QuoteLine
        item={{ code: 'AC-P-002', name: '启动电容', kind: 'part', unit: '个', quantity: 1, unitPriceFen: 6500, chargedUnitFen: 0, amountFen: 0, warrantyDays: 180, coveredBy: 'appliance_warranty', offCatalogue: false, reason: null }}
      />,
    )
    expect(screen.getByText('保内免费')).toBeTruthy()
    expect(screen.getByText('¥0.00')).toBeTruthy()
    expect(screen.getByText(/价目表价 ¥65.00 × 1/)).toBeTruthy()
    expect(screen.getByText('保修 180 天')).toBeTruthy()
  })
})
