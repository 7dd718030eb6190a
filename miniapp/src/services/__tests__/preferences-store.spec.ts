import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../../../test/memory-storage'
import { createPreferencesStore, PREFERENCES_STORAGE_KEY, usePreferencesStore } from '../preferences-store'

describe('preferences (长辈模式)', () => {
  it('starts with normal text and remembers large text across restarts', () => {
    const storage = memoryStorage()
    const store = createPreferencesStore(storage)
    expect(store.get()).toEqual({ largeText: false })

    store.set({ largeText: true })

    expect(JSON.parse(storage.data.get(PREFERENCES_STORAGE_KEY)!)).toEqual({ largeText: true })
    expect(createPreferencesStore(storage).get()).toEqual({ largeText: true })
  })

  it('ignores unreadable stored values', () => {
    const store = createPreferencesStore(memoryStorage({ [PREFERENCES_STORAGE_KEY]: '{nope' }))
    expect(store.get()).toEqual({ largeText: false })
  })

  it('re-renders components when the switch changes', () => {
    const store = createPreferencesStore(memoryStorage())
    const { result } = renderHook(() => usePreferencesStore(store))

    act(() => store.set({ largeText: true }))

    expect(result.current.largeText).toBe(true)
  })
})
