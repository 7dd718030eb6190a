import { IdParams } from '../schemas/common';
import { MarkAllReadResult, NotificationPage, NotificationQuery, NotificationView } from '../schemas/notifications';
import { endpoint } from './endpoint';

export const notifications = {
  list: endpoint({
    method: 'get',
    path: '/notifications',
    summary: 'My in-app notifications, newest first',
    tags: ['notifications'],
    auth: 'authenticated',
    query: NotificationQuery,
    response: NotificationPage,
  }),
  markRead: endpoint({
    method: 'post',
    path: '/notifications/:id/read',
    summary: 'Mark one of my notifications read',
    tags: ['notifications'],
    auth: 'authenticated',
    params: IdParams,
    response: NotificationView,
    errors: ['not_found'],
  }),
  markAllRead: endpoint({
    method: 'post',
    path: '/notifications/read-all',
    summary: 'Mark all my notifications read',
    tags: ['notifications'],
    auth: 'authenticated',
    response: MarkAllReadResult,
  }),
};
