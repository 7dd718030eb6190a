import { api as contract, type MessageChannelsPatch, type SubscribeConsentBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

export function createNotificationsApi(client: ApiClient) {
  return {
    list: (query: { unread?: boolean; page?: number; pageSize?: number } = {}) =>
      client.call(contract.notifications.list, {
        query: { ...query, unread: query.unread === undefined ? undefined : query.unread ? 'true' : 'false' },
      }),
    markRead: (id: string) => client.call(contract.notifications.markRead, { params: { id } }),
    markAllRead: () => client.call(contract.notifications.markAllRead),
    /** WeChat subscribe-message templates by message type and by consent moment (public). */
    subscribeTemplates: () => client.call(contract.notifications.subscribeTemplates),
    reportConsent: (body: SubscribeConsentBody) => client.call(contract.notifications.reportConsent, { body }),
    channels: () => client.call(contract.notifications.channels),
    setChannels: (body: MessageChannelsPatch) => client.call(contract.notifications.setChannels, { body }),
  }
}

export type NotificationsApi = ReturnType<typeof createNotificationsApi>
export const notificationsApi = createNotificationsApi(api)
