import { z } from 'zod';
import { CATEGORY_CODES } from '../domain/catalog';
import { isCalendarDay } from '../domain/warranty';
import { DistrictCode, ObjectId, Phone } from './common';

/** A customer's address book and appliances: what they book services with. */

export const CUSTOMER_LIMITS = {
  addressesMax: 20,
  appliancesMax: 50,
} as const;

/**
 * A purchase date, `YYYY-MM-DD`, a real calendar day. "Not in the future" needs today's date, which the server
 * checks with its clock (and the apps with theirs): a schema cannot know what day it is.
 */
export const PurchaseDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDay, '不是有效的日期')
  .refine((day) => day >= '1990-01-01', '购买日期过早')
  .meta({ description: 'Purchase date (Asia/Shanghai calendar day), not in the future', example: '2025-06-18' });

const addressFields = {
  contactName: z.string().trim().min(1, '请填写联系人').max(20, '联系人最多 20 个字'),
  phone: Phone,
  districtCode: DistrictCode.meta({ description: '6-digit GB/T 2260 district code; codes outside the bundled table are accepted' }),
  detail: z.string().trim().min(5, '详细地址至少 5 个字').max(120, '详细地址最多 120 个字'),
  isDefault: z.boolean(),
};

export const AddressInput = z
  .object({ ...addressFields, isDefault: addressFields.isDefault.optional().meta({ description: 'Make this the default address (the first address always is)' }) })
  .meta({ id: 'AddressInput' });

export const AddressPatch = z
  .object(addressFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, '至少修改一个字段')
  .meta({ id: 'AddressPatch', description: '`isDefault: true` moves the default here; the default cannot be unset directly (choose another one instead)' });

export const AddressView = z
  .object({
    id: ObjectId,
    contactName: z.string(),
    phone: z.string(),
    districtCode: z.string(),
    provinceName: z.string().nullable(),
    cityName: z.string().nullable(),
    districtName: z.string().nullable(),
    detail: z.string(),
    isDefault: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Address' });

const applianceFields = {
  category: z.enum(CATEGORY_CODES),
  brand: z.string().trim().min(1, '请填写品牌').max(30, '品牌最多 30 个字'),
  model: z.string().trim().max(40, '型号最多 40 个字'),
  purchaseDate: PurchaseDate,
  serialNo: z.string().trim().max(40, '序列号最多 40 个字'),
};

export const ApplianceInput = z
  .object({ ...applianceFields, model: applianceFields.model.default(''), serialNo: applianceFields.serialNo.optional() })
  .meta({ id: 'ApplianceInput' });

export const AppliancePatch = z
  .object({ ...applianceFields, serialNo: applianceFields.serialNo.nullable() })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, '至少修改一个字段')
  .meta({ id: 'AppliancePatch' });

export const ApplianceWarrantyView = z.object({
  inWarranty: z.boolean(),
  expiresOn: z.string().meta({ description: 'Last covered day (Asia/Shanghai), covered through its end' }),
  months: z.number().int(),
});

export const ApplianceView = z
  .object({
    id: ObjectId,
    category: z.enum(CATEGORY_CODES),
    brand: z.string(),
    model: z.string(),
    purchaseDate: z.string(),
    serialNo: z.string().nullable(),
    warranty: ApplianceWarrantyView.meta({ description: 'Manufacturer warranty under the current published category policy' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Appliance' });

export const AddressList = z.object({ items: z.array(AddressView) }).meta({ id: 'AddressList' });
export const ApplianceList = z.object({ items: z.array(ApplianceView) }).meta({ id: 'ApplianceList' });

export type AddressInput = z.infer<typeof AddressInput>;
export type AddressPatch = z.infer<typeof AddressPatch>;
export type AddressView = z.infer<typeof AddressView>;
export type ApplianceInput = z.infer<typeof ApplianceInput>;
export type AppliancePatch = z.infer<typeof AppliancePatch>;
export type ApplianceView = z.infer<typeof ApplianceView>;
export type AddressList = z.infer<typeof AddressList>;
export type ApplianceList = z.infer<typeof ApplianceList>;
