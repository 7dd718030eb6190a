import { z } from 'zod';
import { ObjectId } from './common';
import { ROLES } from '../roles';
import { DELIVERY_OUTCOMES, MAX_TEMPLATES_PER_REQUEST, MESSAGE_CHANNELS, SUBSCRIBE_MOMENT_NAMES, SUBSCRIBE_RESULTS } from '../domain/messaging';

export const SubscribeTemplates = z
  .object({
    /** The configured template of each message type (none when WeChat subscribe messages are not set up). */
    templates: z.array(z.object({ event: z.string(), templateId: z.string() })),
    /** The template ids to ask for at each moment (shared SUBSCRIBE_MOMENTS; at most 3, none when not configured). */
    moments: z.record(z.enum(SUBSCRIBE_MOMENT_NAMES), z.array(z.string()).max(MAX_TEMPLATES_PER_REQUEST)),
  })
  .meta({ id: 'SubscribeTemplates' });

export const SubscribeConsentBody = z
  .object({
    /** What requestSubscribeMessage answered, per template the user was asked for. */
    results: z
      .array(z.object({ templateId: z.string().trim().min(1).max(64), result: z.enum(SUBSCRIBE_RESULTS) }).strict())
      .min(1, '至少一项')
      .max(MAX_TEMPLATES_PER_REQUEST),
  })
  .strict()
  .meta({ id: 'SubscribeConsentBody' });

export const SubscribeConsents = z
  .object({
    /** Messages of each template the user may still receive (one per 允许). */
    consents: z.array(z.object({ templateId: z.string(), remaining: z.number().int().min(0) })),
  })
  .meta({ id: 'SubscribeConsents' });

const ChannelState = z.object({
  on: z.boolean(),
  /** Whether the account can receive it at all (WeChat: signed in with WeChat; SMS: has a phone number). */
  available: z.boolean(),
});

export const MessageChannelsView = z
  .object({
    inApp: z.object({ on: z.literal(true) }),
    wechatSubscribe: ChannelState,
    sms: ChannelState,
  })
  .meta({ id: 'MessageChannels' });

export const MessageChannelsPatch = z
  .object({ wechatSubscribe: z.boolean().optional(), sms: z.boolean().optional() })
  .strict()
  .refine((p) => p.wechatSubscribe !== undefined || p.sms !== undefined, '至少修改一项')
  .meta({ id: 'MessageChannelsPatch' });

export const MessageDeliveryView = z
  .object({
    id: ObjectId,
    event: z.string(),
    /** The message's title as the recipient read it (Chinese). */
    title: z.string(),
    channel: z.enum(MESSAGE_CHANNELS),
    outcome: z.enum(DELIVERY_OUTCOMES),
    /** The provider's error code when it refused (`43101`, `http_500`, `unreachable`), else null. */
    providerCode: z.string().nullable(),
    /** The recipient's name and role. */
    recipient: z.object({ name: z.string(), role: z.enum(ROLES) }),
    at: z.string(),
  })
  .meta({ id: 'MessageDelivery' });

export const OrderMessages = z.object({ items: z.array(MessageDeliveryView) }).meta({ id: 'OrderMessages' });

export type SubscribeTemplates = z.infer<typeof SubscribeTemplates>;
export type SubscribeConsentBody = z.input<typeof SubscribeConsentBody>;
export type SubscribeConsents = z.infer<typeof SubscribeConsents>;
export type MessageChannelsView = z.infer<typeof MessageChannelsView>;
export type MessageChannelsPatch = z.input<typeof MessageChannelsPatch>;
export type MessageDeliveryView = z.infer<typeof MessageDeliveryView>;
export type OrderMessages = z.infer<typeof OrderMessages>;
