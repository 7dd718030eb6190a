import { taroStorage } from '@/platform/storage'
import { api } from '@/services/api'
import { createOfflineCards } from '@/services/offline-cards'

/** The app's offline card checks: the one API client, kept in WeChat storage / localStorage. */
export const offlineCards = createOfflineCards(api, taroStorage)
