import mongoose, { Schema, type Types } from 'mongoose';
import { CATEGORY_CODES, type CategoryCode } from '@fangxin/shared';

export interface AddressRecord {
  _id: Types.ObjectId;
  customerId: Types.ObjectId;
  /** Internal: which of the customer's `addressesMax` places this address takes (see the unique index). */
  slot: number;
  contactName: string;
  phone: string;
  districtCode: string;
  detail: string;
  isDefault: boolean;
  /** When this address last became the default; breaks a tie if a race ever leaves two defaults. */
  defaultAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ApplianceRecord {
  _id: Types.ObjectId;
  customerId: Types.ObjectId;
  /** Internal: which of the customer's `appliancesMax` places this appliance takes. */
  slot: number;
  category: CategoryCode;
  brand: string;
  model: string;
  /** Asia/Shanghai calendar day, `YYYY-MM-DD`. */
  purchaseDate: string;
  serialNo: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A customer's saved addresses. The per-customer limit is kept by a unique index on (customerId, slot) with slots
 * 0..limit-1: an insert takes a free slot, so concurrent inserts can never exceed the limit and a delete frees its
 * slot — no counter to drift, no transaction needed.
 */
const AddressSchema = new Schema<AddressRecord>(
  {
    customerId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    slot: { type: Number, required: true, min: 0 },
    contactName: { type: String, required: true },
    phone: { type: String, required: true },
    districtCode: { type: String, required: true },
    detail: { type: String, required: true },
    isDefault: { type: Boolean, default: false },
    defaultAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'customer_addresses' },
);
AddressSchema.index({ customerId: 1, slot: 1 }, { unique: true, name: 'address_slot_unique' });
AddressSchema.index({ customerId: 1, isDefault: 1 });

/** A customer's appliances, limited the same way as addresses. */
const ApplianceSchema = new Schema<ApplianceRecord>(
  {
    customerId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    slot: { type: Number, required: true, min: 0 },
    category: { type: String, enum: CATEGORY_CODES, required: true },
    brand: { type: String, required: true },
    model: { type: String, default: '' },
    purchaseDate: { type: String, required: true },
    serialNo: { type: String, default: null },
  },
  { timestamps: true, collection: 'customer_appliances' },
);
ApplianceSchema.index({ customerId: 1, slot: 1 }, { unique: true, name: 'appliance_slot_unique' });

export const Address = mongoose.model<AddressRecord>('CustomerAddress', AddressSchema);
export const Appliance = mongoose.model<ApplianceRecord>('CustomerAppliance', ApplianceSchema);
