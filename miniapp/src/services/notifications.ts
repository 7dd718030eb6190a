import { api as contract } from '@fangxin/shared'
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
  }
}

export const notificationsApi = createNotificationsApi(api)
