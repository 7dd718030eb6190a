import mongoose, { Schema, type Types } from 'mongoose';

/** An engineer's electronic work card (S3). One active card per engineer; revoked cards stay for the record. */
export interface WorkCardRecord {
  _id: Types.ObjectId;
  serial: string;
  engineerId: Types.ObjectId;
  status: 'active' | 'revoked';
  /**
   * The engineer's id while the card is active, absent once revoked. Its sparse unique index is what keeps "one
   * active card per engineer" true under concurrent issues: the embedded engine ignores partial indexes, so the key
   * lives in its own field that only active cards carry.
   */
  activeFor?: Types.ObjectId;
  issuedAt: Date;
  issuedBy: Types.ObjectId | null;
  revokedAt: Date | null;
  revokedBy: Types.ObjectId | null;
  revokeReason: string | null;
}

const WorkCardSchema = new Schema<WorkCardRecord>(
  {
    serial: { type: String, required: true },
    engineerId: { type: Schema.Types.ObjectId, ref: 'Engineer', required: true },
    status: { type: String, enum: ['active', 'revoked'], required: true },
    activeFor: { type: Schema.Types.ObjectId },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: Schema.Types.ObjectId, default: null },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: Schema.Types.ObjectId, default: null },
    revokeReason: { type: String, default: null },
  },
  { versionKey: false, collection: 'work_cards' },
);
WorkCardSchema.index({ serial: 1 }, { unique: true, name: 'card_serial_unique' });
WorkCardSchema.index({ activeFor: 1 }, { unique: true, sparse: true, name: 'card_active_unique' });
WorkCardSchema.index({ engineerId: 1, status: 1 });

// Any active card created through the model carries its guard key, however it was created.
WorkCardSchema.pre('validate', function () {
  if (this.status === 'active' && !this.activeFor) this.activeFor = this.engineerId;
});

export const WorkCard = mongoose.model<WorkCardRecord>('WorkCard', WorkCardSchema);
