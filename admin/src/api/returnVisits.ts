import type { ReturnVisitOutcomeBody, ReturnVisitReason, ReturnVisitStatus, ReturnVisitView } from '@fangxin/shared';
import type { Page, PageQuery } from '@/types/api';
import { requestClient } from './request';

export interface ReturnVisitQuery extends PageQuery {
  mine?: 'true' | 'false';
  status?: ReturnVisitStatus;
  overdue?: 'true' | 'false';
  reason?: ReturnVisitReason;
  outletId?: string;
  orderId?: string;
}

export const listReturnVisits = (query: Partial<ReturnVisitQuery>) =>
  requestClient.get<Page<ReturnVisitView>>('/return-visits', { params: query });

export const getReturnVisit = (id: string) => requestClient.get<ReturnVisitView>(`/return-visits/${id}`);

export const recordReturnVisitOutcome = (id: string, body: ReturnVisitOutcomeBody) =>
  requestClient.post<ReturnVisitView>(`/return-visits/${id}/outcome`, body);

export const assignReturnVisit = (id: string, assigneeId: string) =>
  requestClient.post<ReturnVisitView>(`/return-visits/${id}/assign`, { assigneeId });
