import mongoose, { Schema, type Types } from 'mongoose';
import { POLICY_DOCUMENT_KEYS, type ConsentVersions, type PolicyDocument } from '@fangxin/shared';

/** How the customer signed in when they agreed: the H5 one-time code or the mini-program's WeChat login. */
export type ConsentChannel = 'otp' | 'wechat';

export interface ConsentRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  document: PolicyDocument;
  version: string;
  acceptedAt: Date;
  channel: ConsentChannel;
  ip: string;
}

/**
 * A customer's agreement to one version of the user agreement or the privacy policy (shared domain/consent): who,
 * which document and version, when, and through which sign-in. One record per user, document and version — signing
 * in again under the same version changes nothing, a new version adds a record — so the history shows what each
 * customer agreed to and when.
 */
const ConsentSchema = new Schema<ConsentRecord>(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    document: { type: String, enum: POLICY_DOCUMENT_KEYS, required: true },
    version: { type: String, required: true },
    acceptedAt: { type: Date, required: true },
    channel: { type: String, enum: ['otp', 'wechat'], required: true },
    ip: { type: String, default: '' },
  },
  { versionKey: false, collection: 'consents' },
);
ConsentSchema.index({ userId: 1, document: 1, version: 1 }, { unique: true, name: 'consent_once_per_version' });

export const Consent = mongoose.model<ConsentRecord>('Consent', ConsentSchema);

/**
 * Records the customer's agreement to each document's version, once: an upsert on the unique key keeps the first
 * acceptance's time and channel, and two concurrent sign-ins cannot both insert (the loser's duplicate key is the
 * record already there). Returns the documents newly agreed to at this sign-in.
 */
export async function recordConsent(
  userId: Types.ObjectId,
  versions: ConsentVersions,
  at: Date,
  channel: ConsentChannel,
  ip: string,
): Promise<PolicyDocument[]> {
  const added: PolicyDocument[] = [];
  for (const document of POLICY_DOCUMENT_KEYS) {
    const key = { userId, document, version: versions[document] };
    try {
      const res = await Consent.updateOne(key, { $setOnInsert: { ...key, acceptedAt: at, channel, ip } }, { upsert: true });
      if (res.upsertedCount === 1) added.push(document);
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
  return added;
}

/** The versions a customer has agreed to, newest first. */
export async function consentsOf(userId: Types.ObjectId | string): Promise<ConsentRecord[]> {
  return Consent.find({ userId }).sort({ acceptedAt: -1, _id: -1 }).lean<ConsentRecord[]>();
}
