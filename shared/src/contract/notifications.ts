import { IdParams } from '../schemas/common';
import { MarkAllReadResult, NotificationPage, NotificationQuery, NotificationView } from '../schemas/notifications';
import { MessageChannelsPatch, MessageChannelsView, OrderMessages, SubscribeConsentBody, SubscribeConsents, SubscribeTemplates } from '../schemas/messaging';
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
  subscribeTemplates: endpoint({
    method: 'get',
    path: '/messaging/subscribe-templates',
    summary: 'WeChat subscribe-message templates, by message type and by the moment the mini-program asks for consent',
    description: 'The template ids are the deployment’s WECHAT_SUBSCRIBE_TEMPLATES; the moments are shared SUBSCRIBE_MOMENTS. Empty when subscribe messages are not configured.',
    tags: ['notifications'],
    auth: 'public',
    response: SubscribeTemplates,
  }),
  reportConsent: endpoint({
    method: 'post',
    path: '/me/subscribe-consents',
    summary: 'Report what the user answered to requestSubscribeMessage; each accept allows one message of that template',
    tags: ['notifications'],
    auth: ['customer', 'engineer'],
    body: SubscribeConsentBody,
    response: SubscribeConsents,
  }),
  channels: endpoint({
    method: 'get',
    path: '/me/message-channels',
    summary: 'My message channels: the inbox (always on), WeChat service notifications, SMS',
    tags: ['notifications'],
    auth: ['customer'],
    response: MessageChannelsView,
  }),
  setChannels: endpoint({
    method: 'put',
    path: '/me/message-channels',
    summary: 'Turn WeChat service notifications or SMS on or off',
    tags: ['notifications'],
    auth: ['customer'],
    body: MessageChannelsPatch,
    response: MessageChannelsView,
  }),
  orderMessages: endpoint({
    method: 'get',
    path: '/orders/:id/messages',
    summary: 'Every WeChat and SMS send attempt for an order, with its outcome, newest first',
    tags: ['notifications'],
    auth: ['outlet_manager', 'platform_admin'],
    params: IdParams,
    response: OrderMessages,
    errors: ['not_found'],
  }),
};
