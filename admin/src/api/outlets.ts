import { api, type CreateOutletBody, type DispatchMode, type SlotWindowCode, type UpdateOutletBody } from '@fangxin/shared';
import { requestClient } from './request';

export const listOutlets = () => requestClient.call(api.network.listOutlets).then((r) => r.items);

export const getOutlet = (id: string) => requestClient.call(api.network.getOutlet, { params: { id } });

export const getOutletSlots = (id: string, from: string, to: string) =>
  requestClient.call(api.network.outletSlots, { params: { id }, query: { from, to } }).then((r) => r.days);

/** Sets the capacity of some windows of one day; bookings already made are kept. */
export const setDayCapacity = (id: string, day: string, windows: Partial<Record<SlotWindowCode, number>>) =>
  requestClient.call(api.network.setDayCapacity, { params: { id, day }, body: { windows } }).then((r) => r.slots);

export const createOutlet = (body: CreateOutletBody) => requestClient.call(api.network.createOutlet, { body });

export const updateOutlet = (id: string, patch: UpdateOutletBody) => requestClient.call(api.network.updateOutlet, { params: { id }, body: patch });

/** Replaces the coverage; warnings name districts the change left without any outlet. */
export const putOutletCoverage = (id: string, districtCodes: string[]) =>
  requestClient.call(api.network.setCoverage, { params: { id }, body: { districtCodes } });

/** How the outlet hands new orders to engineers (issue 19); its manager or a platform admin. */
export const setOutletDispatchMode = (id: string, mode: DispatchMode) => requestClient.call(api.dispatch.setOutletMode, { params: { id }, body: { mode } });
