import { useSyncExternalStore } from 'react'
import type { AuthResponse, AuthTokens, SessionUser } from '@fangxin/shared'
import type { KeyValueStorage } from '@/platform/types'
import type { TokenStore } from './api-client'

/** What a signed-in device holds: the token pair and the user it belongs to. */
export interface Session extends AuthTokens {
  user: SessionUser
}

export interface SessionStore {
  /** The current session, or null when signed out. The same object until something changes (safe for React). */
  get(): Session | null
  subscribe(listener: () => void): () => void
  signIn(auth: AuthResponse): void
  /** New token pair from /auth/refresh; ignored when signed out in the meantime. */
  updateTokens(tokens: AuthTokens): void
  updateUser(user: SessionUser): void
  clear(): void
}

export const SESSION_STORAGE_KEY = 'fangxin.session'

function isSession(value: unknown): value is Session {
  const s = value as Partial<Session> | null
  return (
    !!s &&
    typeof s.accessToken === 'string' &&
    typeof s.refreshToken === 'string' &&
    typeof s.refreshTokenExpiresAt === 'string' &&
    !!s.user &&
    typeof s.user.id === 'string' &&
    typeof s.user.role === 'string'
  )
}

/**
 * A tiny observable store for the session, persisted through the storage adapter so a restart keeps the user
 * signed in. A stored session whose refresh token has expired (or that cannot be read) is dropped on load.
 */
export function createSessionStore(
  storage: KeyValueStorage,
  { key = SESSION_STORAGE_KEY, now = () => Date.now() }: { key?: string; now?: () => number } = {},
): SessionStore {
  const listeners = new Set<() => void>()
  let current: Session | null = load()

  function load(): Session | null {
    const raw = storage.getItem(key)
    if (!raw) return null
    try {
      const parsed: unknown = JSON.parse(raw)
      if (isSession(parsed) && Date.parse(parsed.refreshTokenExpiresAt) > now()) return parsed
    } catch {
      // unreadable: fall through and forget it
    }
    storage.removeItem(key)
    return null
  }

  function set(next: Session | null): void {
    current = next
    if (next) storage.setItem(key, JSON.stringify(next))
    else storage.removeItem(key)
    for (const listener of [...listeners]) listener()
  }

  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    signIn: ({ user, ...tokens }) => set({ ...tokens, user }),
    updateTokens(tokens) {
      if (current) set({ ...current, ...tokens })
    },
    updateUser(user) {
      if (current) set({ ...current, user })
    },
    clear: () => set(null),
  }
}

/** Re-renders the component whenever the session changes. */
export function useSessionStore(store: SessionStore): Session | null {
  return useSyncExternalStore(store.subscribe, store.get, store.get)
}

/** The API client's view of the session: read the tokens, save refreshed ones, end the session when refused. */
export function sessionTokens(store: SessionStore): TokenStore {
  return {
    accessToken: () => store.get()?.accessToken ?? null,
    refreshToken: () => store.get()?.refreshToken ?? null,
    saveTokens: (tokens) => store.updateTokens(tokens),
    expire: () => store.clear(),
  }
}
