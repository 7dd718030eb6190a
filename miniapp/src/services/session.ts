import { taroStorage } from '@/platform/storage'
import { createSessionStore, useSessionStore, type Session } from './session-store'

export type { Session }

/** The app's one session, kept in wx storage / localStorage. */
export const session = createSessionStore(taroStorage)

/** The current session (null when signed out); the component re-renders when it changes. */
export function useSession(): Session | null {
  return useSessionStore(session)
}
