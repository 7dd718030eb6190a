import type { CategoryCode, ChainVerdictView, OrderStatus, OrderSummary, OrderView, TimelineEventView } from '@fangxin/shared';
import type { Output, Page, PageQuery } from '@/types/api';
import { requestClient } from './request';

export type TimelineEvent = Output<typeof TimelineEventView>;
export type ChainVerdict = Output<typeof ChainVerdictView>;

/** What `GET /orders` filters on (outlet-scoped by the server; `StaffOrderListQuery` in shared). */
export interface StaffOrderQuery extends PageQuery {
  status?: OrderStatus;
  engineerId?: string;
  category?: CategoryCode;
  from?: string;
  to?: string;
  sla?: 'ok' | 'at_risk' | 'breached';
  /** An order number (FX…) or the last four digits of the customer's phone. */
  q?: string;
  sort?: '-createdAt' | 'createdAt' | 'slot' | '-slot';
}

/** One ranked dispatch suggestion, or an excluded engineer with the reasons (`GET /orders/:id/candidates`). */
export interface DispatchCandidate {
  engineerId: string;
  userId: string;
  name: string;
  employeeNo: string;
  qualityScore: number;
  load: number;
  skillScore: number | null;
  eligible: boolean;
  rank: number | null;
  reasons: string[];
}

export interface OfferResult {
  order: OrderView;
  tiers: Array<{ engineerId: string; releaseAt: string }>;
}

export interface ContactView {
  name: string;
  phone: string;
  districtCode: string;
  detail: string;
  full: boolean;
}

export const listOrders = (query: Partial<StaffOrderQuery>) =>
  requestClient.get<Page<OrderSummary>>('/orders', { params: query });

export const getOrder = (id: string) => requestClient.get<OrderView>(`/orders/${id}`);

export const getTimeline = (id: string) =>
  requestClient.get<{ events: TimelineEvent[]; verdict: ChainVerdict }>(`/orders/${id}/timeline`);

export const verifyTimeline = (id: string) => requestClient.get<ChainVerdict>(`/orders/${id}/timeline/verify`);

export const getCandidates = (id: string) =>
  requestClient.get<{ items: DispatchCandidate[] }>(`/orders/${id}/candidates`).then((r) => r.items);

export const dispatchOrder = (id: string, engineerId: string) =>
  requestClient.post<OrderView>(`/orders/${id}/dispatch`, { engineerId });

export const reassignOrder = (id: string, engineerId: string) =>
  requestClient.post<OrderView>(`/orders/${id}/reassign`, { engineerId });

export const offerOrder = (id: string) => requestClient.post<OfferResult>(`/orders/${id}/offer`);

export const cancelOrder = (id: string, reason: string) => requestClient.post<OrderView>(`/orders/${id}/cancel`, { reason });

/** Reveals the customer's full phone and address; the server writes an audit entry for every call (S10). */
export const revealContact = (id: string) => requestClient.post<ContactView>(`/orders/${id}/contact`);
