import mongoose, { Schema, type Types } from 'mongoose';
import { DELIVERY_OUTCOMES, MESSAGE_CHANNELS, ROLES, type DeliveryOutcome, type MessageChannel, type Role } from '@fangxin/shared';

/**
 * WeChat one-time subscription consent of one user for one template: `remaining` messages may be sent (each 允许
 * adds one, each message sent spends one, atomically).
 */
export interface SubscribeConsentRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  templateId: string;
  remaining: number;
  accepted: number;
  refused: number;
  updatedAt: Date;
}

const SubscribeConsentSchema = new Schema<SubscribeConsentRecord>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: String, required: true },
    remaining: { type: Number, required: true, min: 0 },
    accepted: { type: Number, required: true, default: 0 },
    refused: { type: Number, required: true, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'subscribe_consents' },
);
SubscribeConsentSchema.index({ userId: 1, templateId: 1 }, { unique: true });

export const SubscribeConsent = mongoose.model<SubscribeConsentRecord>('SubscribeConsent', SubscribeConsentSchema);

/** A user's choice of outside channels (absent: both on). */
export interface ChannelChoiceRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  wechatSubscribe: boolean;
  sms: boolean;
  updatedAt: Date;
}

const ChannelChoiceSchema = new Schema<ChannelChoiceRecord>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    wechatSubscribe: { type: Boolean, required: true },
    sms: { type: Boolean, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'message_channel_choices' },
);
ChannelChoiceSchema.index({ userId: 1 }, { unique: true });

export const ChannelChoice = mongoose.model<ChannelChoiceRecord>('ChannelChoice', ChannelChoiceSchema);

/**
 * One attempt to deliver one message on one outside channel to one user. `key` is the in-app notification the
 * message belongs to: (key, channel) is unique, so the same message is never sent twice on a channel, whoever retries.
 * `pending` only while the provider is being called.
 */
export interface MessageDeliveryRecord {
  _id: Types.ObjectId;
  key: string;
  channel: MessageChannel;
  orderId: Types.ObjectId | null;
  userId: Types.ObjectId;
  recipientName: string;
  recipientRole: Role;
  event: string;
  title: string;
  templateId: string | null;
  outcome: DeliveryOutcome | 'pending';
  providerCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const MessageDeliverySchema = new Schema<MessageDeliveryRecord>(
  {
    key: { type: String, required: true },
    channel: { type: String, enum: MESSAGE_CHANNELS, required: true },
    orderId: { type: Schema.Types.ObjectId, default: null },
    userId: { type: Schema.Types.ObjectId, required: true },
    recipientName: { type: String, required: true },
    recipientRole: { type: String, enum: ROLES, required: true },
    event: { type: String, required: true },
    title: { type: String, required: true },
    templateId: { type: String, default: null },
    outcome: { type: String, enum: [...DELIVERY_OUTCOMES, 'pending'], required: true },
    providerCode: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'message_deliveries' },
);
MessageDeliverySchema.index({ key: 1, channel: 1 }, { unique: true });
MessageDeliverySchema.index({ orderId: 1, createdAt: -1 });
MessageDeliverySchema.index({ outcome: 1, updatedAt: 1 });

export const MessageDelivery = mongoose.model<MessageDeliveryRecord>('MessageDelivery', MessageDeliverySchema);
