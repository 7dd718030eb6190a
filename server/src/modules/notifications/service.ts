import { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../logger';
import { AppError } from '../../core/errors';
import type { NotificationChannel, OutboundMessage } from './channels';
import { Notification, type NotificationRecord } from './model';

export interface NotifyDeps {
  clock: Clock;
  channels: NotificationChannel[];
  logger: Logger;
}

let configured: NotifyDeps | null = null;

/** Set once by createApp: the channels every notification goes out through, besides the in-app inbox. */
export function configureNotifications(deps: NotifyDeps): void {
  configured = deps;
}

/** Writes one in-app notification per recipient and hands each to the configured channels (failures only logged). */
export async function notify(clock: Clock, userIds: Array<Types.ObjectId | string | null | undefined>, message: Omit<OutboundMessage, 'userId'>): Promise<void> {
  const recipients = [...new Set(userIds.filter(Boolean).map(String))];
  if (recipients.length === 0) return;
  const now = clock.now();
  const written = await Notification.insertMany(
    recipients.map((userId) => ({
      userId: new Types.ObjectId(userId),
      type: message.type,
      title: message.title,
      body: message.body,
      orderId: message.orderId ? new Types.ObjectId(message.orderId) : null,
      link: message.link ?? null,
      readAt: null,
      createdAt: now,
    })),
  );
  // Each recipient's message carries its in-app notification's id: outside channels attempt it once under that id.
  const notificationIds = new Map(written.map((n) => [String(n.userId), String(n._id)]));
  for (const channel of configured?.channels ?? []) {
    for (const userId of recipients) {
      try {
        await channel.deliver({ ...message, userId, notificationId: notificationIds.get(userId)! });
      } catch (err) {
        configured?.logger.warn({ err, channel: channel.name }, 'notification channel failed');
      }
    }
  }
}

export function presentNotification(n: NotificationRecord) {
  return {
    id: String(n._id),
    type: n.type,
    title: n.title,
    body: n.body,
    orderId: n.orderId ? String(n.orderId) : null,
    link: n.link ?? null,
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  };
}

export async function listNotifications(userId: string, query: { page: number; pageSize: number; unread?: boolean }) {
  const filter = { userId: new Types.ObjectId(userId), ...(query.unread ? { readAt: null } : {}) };
  const [items, total, unread] = await Promise.all([
    Notification.find(filter).sort({ createdAt: -1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<NotificationRecord[]>(),
    Notification.countDocuments(filter),
    Notification.countDocuments({ userId: new Types.ObjectId(userId), readAt: null }),
  ]);
  return { items: items.map(presentNotification), total, unread, page: query.page, pageSize: query.pageSize };
}

export async function markRead(clock: Clock, userId: string, id: string) {
  const updated = await Notification.findOneAndUpdate(
    { _id: new Types.ObjectId(id), userId: new Types.ObjectId(userId) },
    { $set: { readAt: clock.now() } },
    { returnDocument: 'after', lean: true },
  );
  if (!updated) throw new AppError('not_found', '通知不存在');
  return presentNotification(updated as NotificationRecord);
}

export async function markAllRead(clock: Clock, userId: string) {
  const res = await Notification.updateMany({ userId: new Types.ObjectId(userId), readAt: null }, { $set: { readAt: clock.now() } });
  return { updated: res.modifiedCount };
}
