import type { ApiClient } from './api-client'
import { api } from './api'
import type { NotificationPage } from './types'

export function createNotificationsApi(client: ApiClient) {
  return {
    list: (query: { unread?: boolean; page?: number; pageSize?: number } = {}) =>
      client.get<NotificationPage>('/notifications', {
        query: { ...query, unread: query.unread === undefined ? undefined : String(query.unread) },
      }),
    markRead: (id: string) => client.post<void>(`/notifications/${id}/read`),
    markAllRead: () => client.post<void>('/notifications/read-all'),
  }
}

export const notificationsApi = createNotificationsApi(api)
