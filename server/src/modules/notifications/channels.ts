import type { Logger } from '../../logger';

export interface OutboundMessage {
  userId: string;
  type: string;
  title: string;
  body: string;
  orderId: string | null;
  /** The app page the message opens when it is not about an order (a maintenance reminder: the booking page, prefilled). */
  link?: string | null;
  /** Template parameters of an SMS not about an order (a maintenance reminder: the appliance and the care). */
  smsParams?: Record<string, string>;
  /**
   * The in-app notification this message is (one per recipient): outside channels record their attempt under it, so
   * the same message is never sent twice on a channel. Absent for messages sent outside notify() (tests).
   */
  notificationId?: string;
}

/**
 * A delivery channel besides the in-app inbox (which is always written). Channels must not throw: a failed push
 * is logged, never allowed to fail the business action that caused it.
 */
export interface NotificationChannel {
  readonly name: string;
  deliver(message: OutboundMessage): Promise<void>;
}

/** Development channel: one log line per message. */
export function createLogChannel(log: Logger): NotificationChannel {
  return {
    name: 'log',
    async deliver(message) {
      log.info({ notification: message }, `notify ${message.userId}: ${message.title}`);
    },
  };
}
