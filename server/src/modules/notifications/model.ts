import mongoose, { Schema, type Types } from 'mongoose';

/** In-app notification for one user. */
export interface NotificationRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  type: string;
  title: string;
  body: string;
  orderId: Types.ObjectId | null;
  /** The app page it opens when it is not about an order (maintenance reminders: the booking page, prefilled). */
  link?: string | null;
  readAt: Date | null;
  createdAt: Date;
}

const NotificationSchema = new Schema<NotificationRecord>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    orderId: { type: Schema.Types.ObjectId, default: null },
    link: { type: String, default: null },
    readAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'notifications' },
);
NotificationSchema.index({ userId: 1, createdAt: -1 });
NotificationSchema.index({ userId: 1, readAt: 1 });

export const Notification = mongoose.model<NotificationRecord>('Notification', NotificationSchema);
