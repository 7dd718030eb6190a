import mongoose, { Schema } from 'mongoose';

/**
 * Refresh tokens, stored as SHA-256 hashes. Each sign-in starts a family; every refresh rotates to a new token in the
 * same family. Presenting a rotated token again means it was stolen or replayed: the whole family is revoked.
 */
const RefreshTokenSchema = new Schema(
  {
    _id: { type: String }, // sha256(token), hex
    familyId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    expiresAt: { type: Date, required: true },
    rotatedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'refresh_tokens' },
);
RefreshTokenSchema.index({ familyId: 1 });
RefreshTokenSchema.index({ userId: 1 });
// Declared for MongoDB; expiry is also checked in code because the embedded engine does not expire documents.
RefreshTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 7 * 24 * 3600 });

/** One pending one-time code per phone (the phone is the key), hashed, with its attempt count. */
const OtpSchema = new Schema(
  {
    _id: { type: String }, // phone
    codeHash: { type: String, required: true },
    sentAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    consumedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'otp_codes' },
);
OtpSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 3600 });

export const RefreshToken = mongoose.model('RefreshToken', RefreshTokenSchema);
export const OtpCode = mongoose.model('OtpCode', OtpSchema);
