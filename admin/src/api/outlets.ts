import type {
  CreateOutletBody,
  OutletCoverageResult,
  OutletView,
  SlotWindowCode,
  UpdateOutletBody,
} from '@fangxin/shared';
import { requestClient } from './request';

/** One window of one day as `GET /outlets/:id/slots` reports it: what is left to book. */
export interface WindowRemaining {
  window: SlotWindowCode;
  label: string;
  startAt: string;
  endAt: string;
  remaining: number;
  bookable: boolean;
}

export interface DaySlots {
  day: string;
  windows: WindowRemaining[];
}

export interface SlotCapacity {
  window: SlotWindowCode;
  capacity: number;
  booked: number;
}

export const listOutlets = () => requestClient.get<{ items: OutletView[] }>('/outlets').then((r) => r.items);

export const getOutlet = (id: string) => requestClient.get<OutletView>(`/outlets/${id}`);

export const getOutletSlots = (id: string, from: string, to: string) =>
  requestClient.get<{ days: DaySlots[] }>(`/outlets/${id}/slots`, { params: { from, to } }).then((r) => r.days);

/** Sets the capacity of some windows of one day; bookings already made are kept. */
export const setDayCapacity = (id: string, day: string, windows: Partial<Record<SlotWindowCode, number>>) =>
  requestClient.put<{ slots: SlotCapacity[] }>(`/outlets/${id}/slots/${day}`, { windows }).then((r) => r.slots);

export const createOutlet = (body: CreateOutletBody) => requestClient.post<OutletView>('/outlets', body);

export const updateOutlet = (id: string, patch: UpdateOutletBody) => requestClient.patch<OutletView>(`/outlets/${id}`, patch);

/** Replaces the coverage; warnings name districts the change left without any outlet. */
export const putOutletCoverage = (id: string, districtCodes: string[]) =>
  requestClient.put<OutletCoverageResult>(`/outlets/${id}/coverage`, { districtCodes });
