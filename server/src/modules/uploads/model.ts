import mongoose, { Schema, type Types } from 'mongoose';
import { UPLOAD_KINDS, type UploadKind } from '@fangxin/shared';

export { UPLOAD_KINDS, type UploadKind };

export interface UploadRecord {
  _id: Types.ObjectId;
  ownerId: Types.ObjectId;
  orderId: Types.ObjectId | null;
  kind: UploadKind;
  mime: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
  storageKey: string;
  createdAt: Date;
}

const UploadSchema = new Schema<UploadRecord>(
  {
    ownerId: { type: Schema.Types.ObjectId, required: true },
    orderId: { type: Schema.Types.ObjectId, default: null },
    kind: { type: String, enum: UPLOAD_KINDS, required: true },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    sha256: { type: String, required: true },
    storageKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'uploads' },
);
UploadSchema.index({ orderId: 1 });
UploadSchema.index({ ownerId: 1, createdAt: -1 });

export const Upload = mongoose.model<UploadRecord>('Upload', UploadSchema);
