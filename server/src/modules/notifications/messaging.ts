import { Types } from 'mongoose';
import {
  DEFAULT_CHANNEL_CHOICE,
  MAX_TEMPLATES_PER_REQUEST,
  SUBSCRIBE_MOMENTS,
  SUBSCRIBE_MOMENT_NAMES,
  type MessageChannelsPatch,
  type MessageChannelsView,
  type MessageDeliveryView,
  type SubscribeConsentBody,
  type SubscribeConsents,
  type SubscribeMoment,
  type SubscribeTemplates,
} from '@fangxin/shared';
import type { Config } from '../../config';
import { AppError } from '../../core/errors';
import type { Clock } from '../../lib/clock';
import { findUserById } from '../users/reads';
import { channelChoiceOf } from './delivery';
import { ChannelChoice, MessageDelivery, SubscribeConsent, type MessageDeliveryRecord, type SubscribeConsentRecord } from './messagingModel';
import { templateIds } from './wechatSubscribe';

/** The configured template id per message type, when WeChat subscribe messages are set up (createDeps' condition). */
export function configuredTemplates(config: Config): Record<string, string> {
  if (!config.WECHAT_APPID || !config.WECHAT_SECRET) return {};
  return templateIds(config.WECHAT_SUBSCRIBE_TEMPLATES);
}

/** Templates by message type and, for each consent moment, the distinct template ids to ask for (at most 3). */
export function subscribeTemplates(config: Config): SubscribeTemplates {
  const byType = configuredTemplates(config);
  const moments = Object.fromEntries(
    SUBSCRIBE_MOMENT_NAMES.map((moment) => {
      const events: readonly string[] = SUBSCRIBE_MOMENTS[moment];
      const ids = [...new Set(events.map((e) => byType[e]).filter((id): id is string => Boolean(id)))].slice(0, MAX_TEMPLATES_PER_REQUEST);
      return [moment, ids];
    }),
  ) as Record<SubscribeMoment, string[]>;
  return { templates: Object.entries(byType).map(([event, templateId]) => ({ event, templateId })), moments };
}

async function consentsOf(userId: string): Promise<SubscribeConsents> {
  const rows = await SubscribeConsent.find({ userId: new Types.ObjectId(userId) }).sort({ templateId: 1 }).lean<SubscribeConsentRecord[]>();
  return { consents: rows.map((r) => ({ templateId: r.templateId, remaining: r.remaining })) };
}

/**
 * Records what the user answered to requestSubscribeMessage: each `accept` adds one message of that template (WeChat's
 * one-time subscription); any other answer adds none. A template this deployment does not use is refused, naming it.
 */
export async function reportConsent(config: Config, clock: Clock, userId: string, body: SubscribeConsentBody): Promise<SubscribeConsents> {
  const known = new Set(Object.values(configuredTemplates(config)));
  const unknown = body.results.flatMap((r, i) => (known.has(r.templateId) ? [] : [{ path: `results.${i}.templateId`, message: '不是本服务使用的订阅消息模板' }]));
  if (unknown.length) throw new AppError('validation_failed', undefined, { fields: unknown });
  const now = clock.now();
  const user = new Types.ObjectId(userId);
  for (const { templateId, result } of body.results) {
    const accepted = result === 'accept' ? 1 : 0;
    await SubscribeConsent.updateOne(
      { userId: user, templateId },
      { $inc: { remaining: accepted, accepted, refused: 1 - accepted }, $set: { updatedAt: now } },
      { upsert: true },
    );
  }
  return consentsOf(userId);
}

export async function channelsOf(userId: string): Promise<MessageChannelsView> {
  const [user, choice] = await Promise.all([findUserById(userId), channelChoiceOf(userId)]);
  return {
    inApp: { on: true },
    wechatSubscribe: { on: choice.wechatSubscribe, available: Boolean(user?.wechatOpenId) },
    sms: { on: choice.sms, available: Boolean(user?.phone) },
  };
}

export async function setChannels(clock: Clock, userId: string, patch: MessageChannelsPatch): Promise<MessageChannelsView> {
  // Only the fields sent are written (no read-then-write): two changes of different switches at once both hold.
  const set: Record<string, unknown> = { updatedAt: clock.now() };
  const onInsert: Record<string, unknown> = {};
  for (const field of ['wechatSubscribe', 'sms'] as const) {
    if (patch[field] === undefined) onInsert[field] = DEFAULT_CHANNEL_CHOICE[field];
    else set[field] = patch[field];
  }
  await ChannelChoice.updateOne({ userId: new Types.ObjectId(userId) }, { $set: set, $setOnInsert: onInsert }, { upsert: true });
  return channelsOf(userId);
}

/** Every finished attempt for the order, newest first (the caller has checked the order is theirs to see). */
export async function orderMessages(orderId: Types.ObjectId): Promise<{ items: MessageDeliveryView[] }> {
  const rows = await MessageDelivery.find({ orderId, outcome: { $ne: 'pending' } })
    .sort({ createdAt: -1, _id: -1 })
    .limit(500)
    .lean<Array<MessageDeliveryRecord & { outcome: Exclude<MessageDeliveryRecord['outcome'], 'pending'> }>>();
  return {
    items: rows.map((r) => ({
      id: String(r._id),
      event: r.event,
      title: r.title,
      channel: r.channel,
      outcome: r.outcome,
      providerCode: r.providerCode,
      recipient: { name: r.recipientName, role: r.recipientRole },
      at: r.createdAt.toISOString(),
    })),
  };
}
