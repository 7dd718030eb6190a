import { api, type CallInput } from '@fangxin/shared';
import { requestClient } from './request';

/** Issue 20.3: the life of the appliance an order is for (outlet-scoped by the server). */
export const getOrderApplianceLife = (orderId: string) => requestClient.call(api.appliances.orderApplianceLife, { params: { id: orderId } });

export type RepeatRepairQuery = NonNullable<CallInput<typeof api.appliances.repeatRepairs>['query']>;

/** 重复维修率 of an outlet or the platform over a period. */
export const getRepeatRepairs = (query: RepeatRepairQuery) => requestClient.call(api.appliances.repeatRepairs, { query });
