import { taroStorage } from '@/platform/storage'
import { createPreferencesStore, usePreferencesStore, type Preferences } from './preferences-store'

/** The device's preferences, kept in wx storage / localStorage. */
export const preferences = createPreferencesStore(taroStorage)

export function usePreferences(): Preferences {
  return usePreferencesStore(preferences)
}
