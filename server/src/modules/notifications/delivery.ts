import { Types } from 'mongoose';
import { CHANNEL_CHOICE_FIELD, DEFAULT_CHANNEL_CHOICE, DELIVERY_INTERRUPTED_AFTER_MS, type DeliveryOutcome, type MessageChannel, type MessageChannelChoice, type Role } from '@fangxin/shared';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../logger';
import { findUserById } from '../users/reads';
import type { OutboundMessage } from './channels';
import { ChannelChoice, MessageDelivery, SubscribeConsent, type ChannelChoiceRecord } from './messagingModel';

const DUPLICATE_KEY = 11000;

/** The recipient as an outside channel needs them. */
export interface Recipient {
  id: string;
  role: Role;
  name: string;
  phone: string | null;
  wechatOpenId: string | null;
}

export interface AttemptResult {
  outcome: DeliveryOutcome;
  providerCode?: string | null;
}

/** The account a message goes to, or null (unknown id, or a disabled account). */
export async function recipientOf(userId: string): Promise<Recipient | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  const user = await findUserById(userId);
  if (!user || user.status !== 'active') return null;
  return { id: String(user._id), role: user.role, name: user.name, phone: user.phone ?? null, wechatOpenId: user.wechatOpenId ?? null };
}

/** The user's channel choice (both on until they turn one off). */
export async function channelChoiceOf(userId: string): Promise<MessageChannelChoice> {
  const stored = await ChannelChoice.findOne({ userId: new Types.ObjectId(userId) }).lean<ChannelChoiceRecord>();
  return stored ? { wechatSubscribe: stored.wechatSubscribe, sms: stored.sms } : { ...DEFAULT_CHANNEL_CHOICE };
}

/**
 * Attempts one message on one channel for one recipient, once: the record is claimed first (unique per message,
 * channel and recipient), so a second call for the same message finds it and sends nothing. A recipient who turned
 * the channel off is recorded `channel_off` without calling the provider. `send` must not throw; if it does, the
 * attempt is recorded as a provider error. Never throws itself: delivery is best-effort and must not fail the
 * business action that caused the message.
 */
export async function attemptOnce(
  deps: { clock: Clock; logger: Logger },
  channel: MessageChannel,
  message: OutboundMessage,
  recipient: Recipient,
  templateId: string | null,
  send: () => Promise<AttemptResult>,
): Promise<AttemptResult | null> {
  const now = deps.clock.now();
  const key = message.notificationId ?? new Types.ObjectId().toHexString();
  let claimedId: Types.ObjectId;
  try {
    const claimed = await MessageDelivery.create({
      key,
      channel,
      orderId: message.orderId && Types.ObjectId.isValid(message.orderId) ? new Types.ObjectId(message.orderId) : null,
      userId: new Types.ObjectId(recipient.id),
      recipientName: recipient.name,
      recipientRole: recipient.role,
      event: message.type,
      title: message.title,
      templateId,
      outcome: 'pending',
      providerCode: null,
      createdAt: now,
      updatedAt: now,
    });
    claimedId = claimed._id;
  } catch (err) {
    if ((err as { code?: number }).code === DUPLICATE_KEY) return null;
    deps.logger.warn({ err, channel, type: message.type }, 'message delivery not recorded');
    return null;
  }
  let result: AttemptResult;
  try {
    const choice = recipient.role === 'customer' ? await channelChoiceOf(recipient.id) : DEFAULT_CHANNEL_CHOICE;
    result = choice[CHANNEL_CHOICE_FIELD[channel]] ? await send() : { outcome: 'channel_off' };
  } catch (err) {
    deps.logger.warn({ err, channel, type: message.type }, 'message delivery failed');
    result = { outcome: 'provider_error', providerCode: 'internal' };
  }
  try {
    await MessageDelivery.updateOne(
      { _id: claimedId },
      { $set: { outcome: result.outcome, providerCode: result.providerCode ?? null, updatedAt: deps.clock.now() } },
    );
  } catch (err) {
    deps.logger.warn({ err, channel, type: message.type }, 'message delivery outcome not recorded');
  }
  return result;
}

/**
 * Attempts claimed but never given an outcome (the process stopped between the claim and the provider's answer) are
 * marked `interrupted` once they are DELIVERY_INTERRUPTED_AFTER_MS old, so the order's message log says so instead of
 * hiding them as still pending. Conditioned on `pending`, so an outcome recorded meanwhile is never overwritten.
 */
export async function sweepInterruptedDeliveries(clock: Clock): Promise<{ interrupted: number }> {
  const now = clock.now();
  const result = await MessageDelivery.updateMany(
    { outcome: 'pending', updatedAt: { $lt: new Date(now.getTime() - DELIVERY_INTERRUPTED_AFTER_MS) } },
    { $set: { outcome: 'interrupted', providerCode: null, updatedAt: now } },
  );
  return { interrupted: result.modifiedCount };
}

/** Spends one of the user's one-time consents for the template, atomically; false when none is left. */
export async function spendConsent(userId: string, templateId: string, now: Date): Promise<boolean> {
  const spent = await SubscribeConsent.findOneAndUpdate(
    { userId: new Types.ObjectId(userId), templateId, remaining: { $gt: 0 } },
    { $inc: { remaining: -1 }, $set: { updatedAt: now } },
    { projection: { _id: 1 } },
  ).lean();
  return spent !== null;
}

/** Gives back a consent WeChat did not use (the send failed for another reason). */
export async function refundConsent(userId: string, templateId: string, now: Date): Promise<void> {
  await SubscribeConsent.updateOne({ userId: new Types.ObjectId(userId), templateId }, { $inc: { remaining: 1 }, $set: { updatedAt: now } });
}

/** WeChat says the user has no subscription left (43101): ours is out of step, so it is set to none. */
export async function clearConsent(userId: string, templateId: string, now: Date): Promise<void> {
  await SubscribeConsent.updateOne({ userId: new Types.ObjectId(userId), templateId }, { $set: { remaining: 0, updatedAt: now } });
}
