import mongoose, { Schema, type Types } from 'mongoose';
import { ROLES, type Role } from '@fangxin/shared';

export interface UserRecord {
  _id: Types.ObjectId;
  role: Role;
  name: string;
  username?: string;
  passwordHash?: string;
  phone?: string;
  wechatOpenId?: string;
  outletId: Types.ObjectId | null;
  engineerId: Types.ObjectId | null;
  status: 'active' | 'disabled';
  failedLogins: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Every account: customers (phone and/or WeChat openid), engineers, outlet managers and platform admins
 * (username + password). Unique sparse keys let each kind of sign-in find its user with one keyed lookup.
 */
const UserSchema = new Schema<UserRecord>(
  {
    role: { type: String, enum: ROLES, required: true },
    name: { type: String, required: true, trim: true },
    username: { type: String, lowercase: true, trim: true },
    passwordHash: { type: String },
    phone: { type: String },
    wechatOpenId: { type: String },
    outletId: { type: Schema.Types.ObjectId, ref: 'Outlet', default: null },
    engineerId: { type: Schema.Types.ObjectId, ref: 'Engineer', default: null },
    status: { type: String, enum: ['active', 'disabled'], default: 'active' },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    lastLoginAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'users' },
);

UserSchema.index({ username: 1 }, { unique: true, sparse: true, name: 'username_unique' });
UserSchema.index({ phone: 1 }, { unique: true, sparse: true, name: 'phone_unique' });
UserSchema.index({ wechatOpenId: 1 }, { unique: true, sparse: true, name: 'wechat_openid_unique' });
UserSchema.index({ outletId: 1, role: 1 });


export const User = mongoose.model<UserRecord>('User', UserSchema);
