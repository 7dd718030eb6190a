import { act, renderHook } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { AuthResponse } from '@fangxin/shared'
import { memoryStorage } from '../../../test/memory-storage'
import { createSessionStore, SESSION_STORAGE_KEY, useSessionStore } from '../session-store'

const NOW = Date.parse('2026-03-01T08:00:00Z')
const later = (days: number) => new Date(NOW + days * 86_400_000).toISOString()

function authResponse(overrides: Partial<AuthResponse> = {}): AuthResponse {
  return {
    accessToken: 'access-1',
    accessTokenExpiresAt: later(0.01),
    refreshToken: 'refresh-1-xxxxxxxxxxxxxxxx',
    refreshTokenExpiresAt: later(30),
    user: {
      id: '64b7f0c2a1b2c3d4e5f60718',
      role: 'engineer',
      name: '王师傅',
      username: 'eng.xihu.1',
      outletId: '64b7f0c2a1b2c3d4e5f60001',
      outletName: '西湖网点',
    },
    ...overrides,
  }
}

const clock = { now: () => NOW }

describe('session store', () => {
  it('starts signed out when nothing is stored', () => {
    const store = createSessionStore(memoryStorage(), clock)
    expect(store.get()).toBeNull()
  })

  it('keeps the session across restarts through the storage adapter', () => {
    const storage = memoryStorage()
    createSessionStore(storage, clock).signIn(authResponse())

    const restarted = createSessionStore(storage, clock)

    expect(restarted.get()).toMatchObject({ accessToken: 'access-1', user: { name: '王师傅', outletName: '西湖网点' } })
  })

  it('replaces the token pair on refresh and keeps the user', () => {
    const storage = memoryStorage()
    const store = createSessionStore(storage, clock)
    store.signIn(authResponse())

    store.updateTokens({
      accessToken: 'access-2',
      accessTokenExpiresAt: later(0.02),
      refreshToken: 'refresh-2-xxxxxxxxxxxxxxxx',
      refreshTokenExpiresAt: later(30),
    })

    expect(store.get()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2-xxxxxxxxxxxxxxxx', user: { name: '王师傅' } })
    expect(JSON.parse(storage.data.get(SESSION_STORAGE_KEY) ?? '{}')).toMatchObject({ accessToken: 'access-2' })
  })

  it('ignores refreshed tokens that arrive after sign-out', () => {
    const store = createSessionStore(memoryStorage(), clock)
    store.updateTokens(authResponse())
    expect(store.get()).toBeNull()
  })

  it('updates the stored user', () => {
    const store = createSessionStore(memoryStorage(), clock)
    store.signIn(authResponse())
    store.updateUser({ ...authResponse().user, outletName: '拱墅网点' })
    expect(store.get()?.user.outletName).toBe('拱墅网点')
  })

  it('forgets the session in storage on clear', () => {
    const storage = memoryStorage()
    const store = createSessionStore(storage, clock)
    store.signIn(authResponse())

    store.clear()

    expect(store.get()).toBeNull()
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false)
  })

  it('drops a stored session whose refresh token has expired', () => {
    const storage = memoryStorage()
    createSessionStore(storage, clock).signIn(authResponse({ refreshTokenExpiresAt: later(-1) }))

    expect(createSessionStore(storage, clock).get()).toBeNull()
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false)
  })

  it('drops stored data it cannot read', () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: '{not json' })
    expect(createSessionStore(storage, clock).get()).toBeNull()
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false)

    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a' }))
    expect(createSessionStore(storage, clock).get()).toBeNull()
  })

  it('notifies subscribers on each change until they unsubscribe, and keeps the snapshot stable between changes', () => {
    const store = createSessionStore(memoryStorage(), clock)
    const listener = vi.fn()
    const unsubscribe = store.subscribe(listener)

    store.signIn(authResponse())
    expect(store.get()).toBe(store.get())
    store.clear()
    unsubscribe()
    store.signIn(authResponse())

    expect(listener).toHaveBeenCalledTimes(2)
  })
})

describe('useSessionStore', () => {
  it('re-renders with the new session on sign-in and sign-out', () => {
    const store = createSessionStore(memoryStorage(), clock)
    const { result } = renderHook(() => useSessionStore(store))
    expect(result.current).toBeNull()

    act(() => store.signIn(authResponse()))
    expect(result.current?.user.name).toBe('王师傅')

    act(() => store.clear())
    expect(result.current).toBeNull()
  })
})
