import { api, type ReturnVisitOutcomeBody, type ReturnVisitReason, type ReturnVisitStatus } from '@fangxin/shared';
import type { PageQuery } from '@/types/api';
import { requestClient } from './request';

export interface ReturnVisitQuery extends PageQuery {
  mine?: 'true' | 'false';
  status?: ReturnVisitStatus;
  overdue?: 'true' | 'false';
  reason?: ReturnVisitReason;
  outletId?: string;
  orderId?: string;
}

export const listReturnVisits = (query: Partial<ReturnVisitQuery>) => requestClient.call(api.returnVisits.list, { query });

export const getReturnVisit = (id: string) => requestClient.call(api.returnVisits.get, { params: { id } });

export const recordReturnVisitOutcome = (id: string, body: ReturnVisitOutcomeBody) =>
  requestClient.call(api.returnVisits.recordOutcome, { params: { id }, body });

export const assignReturnVisit = (id: string, assigneeId: string) => requestClient.call(api.returnVisits.assign, { params: { id }, body: { assigneeId } });
