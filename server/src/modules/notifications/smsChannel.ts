import { Types } from 'mongoose';
import { SMS_MESSAGES, isSmsEvent, smsText } from '@fangxin/shared';
import { systemClock, type Clock } from '../../lib/clock';
import type { Logger } from '../../logger';
import type { SmsTemplateSender } from '../auth/sms';
import { orderSummary } from '../orders/reads';
import type { NotificationChannel, OutboundMessage } from './channels';
import { attemptOnce, recipientOf } from './delivery';

/**
 * The SMS channel: the key customer events (shared SMS_MESSAGES: engineer on the way, quote waiting, work completed,
 * complaint answered) go by SMS to customers with a phone number (the H5 sign-in), with the provider template and the
 * order number as its parameter. A customer who turned SMS off is recorded `channel_off`; a refusal or an unreachable
 * gateway is recorded with its code and never fails the action. Each message is attempted once (see attemptOnce).
 */
export function createSmsChannel(options: { sender: SmsTemplateSender; logger: Logger; clock?: Clock }): NotificationChannel {
  const deps = { clock: options.clock ?? systemClock, logger: options.logger };
  return {
    name: 'sms',
    async deliver(message: OutboundMessage) {
      const event = message.type;
      if (!isSmsEvent(event) || !message.orderId || !Types.ObjectId.isValid(message.orderId)) return;
      const recipient = await recipientOf(message.userId);
      if (!recipient || recipient.role !== 'customer' || !recipient.phone) return;
      const phone = recipient.phone;
      const { template } = SMS_MESSAGES[event];
      await attemptOnce(deps, 'sms', message, recipient, template, async () => {
        const order = await orderSummary(new Types.ObjectId(message.orderId!));
        const params = { orderNo: order?.orderNo ?? '' };
        const result = await options.sender.sendTemplate(phone, template, params, smsText(event, params));
        if (result.ok) return { outcome: 'sent' };
        options.logger.warn({ channel: 'sms', type: event, userId: recipient.id, code: result.code }, 'SMS refused');
        return { outcome: 'provider_error', providerCode: result.code };
      });
    },
  };
}
