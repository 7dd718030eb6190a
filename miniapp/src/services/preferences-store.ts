import { useSyncExternalStore } from 'react'
import type { KeyValueStorage } from '@/platform/types'

/** Settings that belong to the device, not the account. */
export interface Preferences {
  /** 长辈模式: every type size of the one token set scaled up (see styles/tokens.scss). */
  largeText: boolean
}

export const DEFAULT_PREFERENCES: Preferences = { largeText: false }
export const PREFERENCES_STORAGE_KEY = 'fangxin.preferences'

export interface PreferencesStore {
  get(): Preferences
  subscribe(listener: () => void): () => void
  set(patch: Partial<Preferences>): void
}

export function createPreferencesStore(storage: KeyValueStorage, key = PREFERENCES_STORAGE_KEY): PreferencesStore {
  const listeners = new Set<() => void>()
  let current = load()

  function load(): Preferences {
    try {
      const raw = storage.getItem(key)
      const parsed = raw ? (JSON.parse(raw) as Partial<Preferences>) : {}
      return { largeText: parsed.largeText === true }
    } catch {
      return DEFAULT_PREFERENCES
    }
  }

  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(patch) {
      current = { ...current, ...patch }
      storage.setItem(key, JSON.stringify(current))
      for (const listener of [...listeners]) listener()
    },
  }
}

export function usePreferencesStore(store: PreferencesStore): Preferences {
  return useSyncExternalStore(store.subscribe, store.get, store.get)
}
