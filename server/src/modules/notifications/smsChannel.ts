import { Types } from 'mongoose';
import { MAINTENANCE_MESSAGE_TYPE, MAINTENANCE_SMS, SMS_MESSAGES, isSmsEvent, maintenanceSmsText, smsText } from '@fangxin/shared';
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
      if (event === MAINTENANCE_MESSAGE_TYPE) return deliverMaintenance(message);
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

  /** Issue 20.3: a maintenance reminder is about an appliance, not an order: its parameters come with the message. */
  async function deliverMaintenance(message: OutboundMessage): Promise<void> {
    const params = { appliance: message.smsParams?.appliance ?? '', service: message.smsParams?.service ?? '' };
    if (!params.appliance || !params.service) return;
    const recipient = await recipientOf(message.userId);
    if (!recipient || recipient.role !== 'customer' || !recipient.phone) return;
    const phone = recipient.phone;
    await attemptOnce(deps, 'sms', message, recipient, MAINTENANCE_SMS.template, async () => {
      const result = await options.sender.sendTemplate(phone, MAINTENANCE_SMS.template, params, maintenanceSmsText(params));
      if (result.ok) return { outcome: 'sent' };
      options.logger.warn({ channel: 'sms', type: message.type, userId: recipient.id, code: result.code }, 'SMS refused');
      return { outcome: 'provider_error', providerCode: result.code };
    });
  }
}
