import mongoose, { Schema, type Types } from 'mongoose';

/** A customer's choice for one appliance's maintenance reminders (absent: on, no snooze). */
export interface MaintenancePrefRecord {
  _id: Types.ObjectId;
  applianceId: Types.ObjectId;
  customerId: Types.ObjectId;
  on: boolean;
  /** Asia/Shanghai day before which nothing is sent. */
  snoozedUntil: string | null;
  updatedAt: Date;
}

const MaintenancePrefSchema = new Schema<MaintenancePrefRecord>(
  {
    applianceId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    on: { type: Boolean, required: true },
    snoozedUntil: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'maintenance_prefs' },
);
MaintenancePrefSchema.index({ applianceId: 1 }, { unique: true });

export const MaintenancePref = mongoose.model<MaintenancePrefRecord>('MaintenancePref', MaintenancePrefSchema);

/**
 * One reminder sent: `key` is appliance + rule + period, unique, so a period's reminder is claimed by exactly one
 * sender (two job runs, two instances, a re-run after a crash) before it goes out.
 */
export interface MaintenanceReminderRecord {
  _id: Types.ObjectId;
  key: string;
  applianceId: Types.ObjectId;
  customerId: Types.ObjectId;
  rule: string;
  dueOn: string;
  period: string;
  sentAt: Date;
}

const MaintenanceReminderSchema = new Schema<MaintenanceReminderRecord>(
  {
    key: { type: String, required: true },
    applianceId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    rule: { type: String, required: true },
    dueOn: { type: String, required: true },
    period: { type: String, required: true },
    sentAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'maintenance_reminders' },
);
MaintenanceReminderSchema.index({ key: 1 }, { unique: true });
MaintenanceReminderSchema.index({ applianceId: 1, sentAt: -1 });

export const MaintenanceReminder = mongoose.model<MaintenanceReminderRecord>('MaintenanceReminder', MaintenanceReminderSchema);
