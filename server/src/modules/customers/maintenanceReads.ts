import { Types } from 'mongoose';
import type { CategoryCode } from '@fangxin/shared';
import { Appliance, type ApplianceRecord } from './model';

/** Issue 20.3: what the maintenance reminders need of appliances. Imports nothing but the model (no import cycle). */
export type MaintenanceAppliance = Pick<ApplianceRecord, '_id' | 'customerId' | 'category' | 'brand' | 'model' | 'purchaseDate'>;

const FIELDS = { customerId: 1, category: 1, brand: 1, model: 1, purchaseDate: 1 } as const;

/** Every appliance of these categories, in id order, as a cursor (the reminder job walks them with flat memory). */
export function appliancesOfCategoriesCursor(categories: CategoryCode[]) {
  return Appliance.find({ category: { $in: categories } }, FIELDS).sort({ _id: 1 }).lean<MaintenanceAppliance[]>().cursor();
}

/** One customer's appliances of these categories, in their list order. */
export function customerAppliancesOf(customerId: string, categories: CategoryCode[]): Promise<MaintenanceAppliance[]> {
  return Appliance.find({ customerId: new Types.ObjectId(customerId), category: { $in: categories } }, FIELDS).sort({ slot: 1 }).lean<MaintenanceAppliance[]>();
}

/** The appliance if it is this customer's, else null. */
export async function ownApplianceId(customerId: string, applianceId: string): Promise<Types.ObjectId | null> {
  if (!Types.ObjectId.isValid(applianceId) || !Types.ObjectId.isValid(customerId)) return null;
  const found = await Appliance.findOne({ _id: new Types.ObjectId(applianceId), customerId: new Types.ObjectId(customerId) }, { _id: 1 }).lean<{ _id: Types.ObjectId }>();
  return found?._id ?? null;
}
