import mongoose, { Schema, type Types } from 'mongoose';
import { DISPATCH_MODES, type DispatchMode } from '@fangxin/shared';
import { CATEGORY_CODES, CERTIFICATE_TYPE_CODES, EVENING_WINDOW_CODES, type CategoryCode, type CertificateType, type EveningWindowCode } from '@fangxin/shared';

export interface OutletRecord {
  _id: Types.ObjectId;
  code: string;
  name: string;
  city: string;
  districtCodes: string[];
  address: string;
  phone: string;
  /** Bookings each window can take on a day unless that day's slot says otherwise. */
  slotCapacity: number;
  /** How the outlet hands new orders to engineers (issue 19, shared/domain/routing.ts); absent on outlets stored before: manual. */
  dispatchMode?: DispatchMode;
  /** Evening windows the outlet opened (issue 19); absent on outlets stored before: none. */
  eveningWindows?: EveningWindowCode[];
  createdAt: Date;
  updatedAt: Date;
}

export interface EngineerRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  outletId: Types.ObjectId;
  employeeNo: string;
  name: string;
  phone: string;
  photoUrl: string | null;
  level: number;
  status: 'active' | 'suspended';
  /** Why, since when and by whom the engineer is suspended; null while active. */
  suspension?: { reason: string; at: Date; by: Types.ObjectId | null } | null;
  /**
   * Composite quality score 0–100 (S11), maintained by the quality module's recompute job; ranks dispatch suggestions
   * and offers. null: 暂无评分 (no order in the last 90 days, or not scored yet).
   */
  qualityScore: number | null;
  /**
   * Every assessment on record, passed or failed. S6: only a score ≥ NETWORK_LIMITS.skillPassScore (60) makes the
   * engineer eligible for the category — readers must use `hasPassedSkill` / `isSkillPassed` from @fangxin/shared,
   * never the mere presence of an entry.
   */
  skills: Array<{ category: CategoryCode; assessedAt: Date; score: number }>;
  certificates: Array<{ type: CertificateType; number: string; expiresAt: Date }>;
  createdAt: Date;
  updatedAt: Date;
}

/** A service outlet (网点) and the districts (GB/T 2260 codes) it covers. */
const OutletSchema = new Schema<OutletRecord>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    city: { type: String, required: true },
    districtCodes: { type: [String], default: [] },
    address: { type: String, required: true },
    phone: { type: String, required: true },
    slotCapacity: { type: Number, min: 0, max: 100, default: 3 },
    dispatchMode: { type: String, enum: DISPATCH_MODES, default: 'manual' },
    eveningWindows: { type: [{ type: String, enum: EVENING_WINDOW_CODES }], default: [] },
  },
  { timestamps: true, collection: 'outlets' },
);
OutletSchema.index({ code: 1 }, { unique: true, name: 'outlet_code_unique' });
OutletSchema.index({ districtCodes: 1 });

const SkillSchema = new Schema(
  {
    category: { type: String, enum: CATEGORY_CODES, required: true },
    assessedAt: { type: Date, required: true },
    score: { type: Number, min: 0, max: 100, required: true },
  },
  { _id: false },
);

// A sub-schema, because a field called `type` inside an inline array element would read as a type declaration.
const CertificateSchema = new Schema(
  {
    type: { type: String, enum: CERTIFICATE_TYPE_CODES, required: true },
    number: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { _id: false },
);

/** An engineer's professional profile; their sign-in account is a User with role `engineer`. */
const EngineerSchema = new Schema<EngineerRecord>(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    outletId: { type: Schema.Types.ObjectId, ref: 'Outlet', required: true },
    employeeNo: { type: String, required: true },
    name: { type: String, required: true },
    phone: { type: String, required: true },
    photoUrl: { type: String, default: null },
    level: { type: Number, min: 1, max: 5, default: 1 },
    status: { type: String, enum: ['active', 'suspended'], default: 'active' },
    suspension: {
      type: new Schema({ reason: { type: String, required: true }, at: { type: Date, required: true }, by: { type: Schema.Types.ObjectId, default: null } }, { _id: false }),
      default: null,
    },
    qualityScore: { type: Number, min: 0, max: 100, default: null },
    skills: { type: [SkillSchema], default: [] },
    certificates: { type: [CertificateSchema], default: [] },
  },
  { timestamps: true, collection: 'engineers' },
);
EngineerSchema.index({ employeeNo: 1 }, { unique: true, name: 'employee_no_unique' });
EngineerSchema.index({ userId: 1 }, { unique: true, name: 'engineer_user_unique' });
EngineerSchema.index({ outletId: 1, status: 1 });


export const Outlet = mongoose.model<OutletRecord>('Outlet', OutletSchema);
export const Engineer = mongoose.model<EngineerRecord>('Engineer', EngineerSchema);
