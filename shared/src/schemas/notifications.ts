import { z } from 'zod';
import { ObjectId, Pagination, pageOf } from './common';

export const NotificationView = z
  .object({
    id: ObjectId,
    type: z.string(),
    title: z.string(),
    body: z.string(),
    orderId: ObjectId.nullable(),
    link: z.string().nullable().meta({ description: 'The app page the notification opens when it is not an order (a maintenance reminder opens the booking page, prefilled)' }),
    read: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' });

export const NotificationQuery = Pagination.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: only unread notifications' }),
});

export const NotificationPage = pageOf(NotificationView)
  .extend({ unread: z.number().int().meta({ description: 'Unread notifications in total, whatever the filter' }) })
  .meta({ id: 'NotificationPage' });

export const MarkAllReadResult = z.object({ updated: z.number().int() }).meta({ id: 'MarkAllReadResult' });

export type NotificationView = z.infer<typeof NotificationView>;
export type NotificationQuery = z.input<typeof NotificationQuery>;
export type NotificationPage = z.infer<typeof NotificationPage>;
export type MarkAllReadResult = z.infer<typeof MarkAllReadResult>;

// Messages outside the app (issue 19.1): the rules and their schemas, exported through this module.
export * from '../domain/messaging';
export * from './messaging';
