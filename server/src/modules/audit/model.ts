import mongoose, { Schema, type Types } from 'mongoose';

export interface AuditRecord {
  _id: Types.ObjectId;
  at: Date;
  action: string;
  actorId: Types.ObjectId | null;
  actorRole: string | null;
  outletId: Types.ObjectId | null;
  target: string | null;
  ip: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
}

/**
 * Who did what, when, from where: staff writes, reveals of personal data, and security events (sign-ins, lockouts,
 * refresh-token reuse). Append-only: nothing in the code updates or deletes these.
 */
const AuditSchema = new Schema(
  {
    at: { type: Date, required: true },
    action: { type: String, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    actorRole: { type: String, default: null },
    outletId: { type: Schema.Types.ObjectId, default: null },
    target: { type: String, default: null },
    ip: { type: String, default: null },
    requestId: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, collection: 'audit_log' },
);
AuditSchema.index({ at: -1 });
AuditSchema.index({ actorId: 1, at: -1 });
AuditSchema.index({ action: 1, at: -1 });
// The audit query (newest first, ties by id): an outlet manager's view (their outlet only), and one target's entries.
AuditSchema.index({ outletId: 1, at: -1, _id: -1 });
AuditSchema.index({ target: 1, at: -1, _id: -1 });

export const AuditEntry = mongoose.model('AuditEntry', AuditSchema);
