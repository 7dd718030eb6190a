import type { Types } from 'mongoose';
import type { ServiceTypeCode } from '@fangxin/shared';
import { Order } from './model';

/** Issue 20.3: what the maintenance reminders need of orders. Imports nothing but the model (no import cycle). */
export interface ApplianceServiceOrder {
  appliance: { applianceId: Types.ObjectId | null } | null;
  category: string;
  serviceType: string;
  status: string;
  times: { completedAt?: Date };
}

/** The not-cancelled orders of these service types for these appliances (the customers' index narrows the scan). */
export function applianceServiceOrders(customerIds: Types.ObjectId[], applianceIds: Types.ObjectId[], serviceTypes: ServiceTypeCode[]): Promise<ApplianceServiceOrder[]> {
  return Order.find(
    { customerId: { $in: customerIds }, 'appliance.applianceId': { $in: applianceIds }, serviceType: { $in: serviceTypes }, status: { $ne: 'cancelled' } },
    { 'appliance.applianceId': 1, category: 1, serviceType: 1, status: 1, 'times.completedAt': 1 },
  ).lean<ApplianceServiceOrder[]>();
}
