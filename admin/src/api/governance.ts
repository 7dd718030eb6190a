import { api, type CreateSanctionBody, type RectificationStatus, type SubmitRectificationBody } from '@fangxin/shared';
import { requestClient } from './request';

/** The outlet governance loop (issue 19): monthly ranking, rectification tasks, 服务标兵, warnings and fines. */
export const getGovernanceRanking = (month?: string) => requestClient.call(api.governance.ranking, { query: month ? { month } : {} });

export const publishMonth = (month: string) => requestClient.call(api.governance.publish, { body: { month } });

export const listRectifications = (query: { page?: number; pageSize?: number; status?: RectificationStatus; outletId?: string }) =>
  requestClient.call(api.governance.tasks, { query });

export const getRectification = (id: string) => requestClient.call(api.governance.task, { params: { id } });

export const submitRectification = (id: string, body: SubmitRectificationBody) => requestClient.call(api.governance.submit, { params: { id }, body });

export const acceptRectification = (id: string) => requestClient.call(api.governance.accept, { params: { id } });

export const returnRectification = (id: string, reason: string) => requestClient.call(api.governance.returnTask, { params: { id }, body: { reason } });

export const listSanctions = (query: { page?: number; pageSize?: number; subjectType?: 'outlet' | 'engineer'; subjectId?: string }) =>
  requestClient.call(api.governance.sanctions, { query });

export const createSanction = (body: CreateSanctionBody) => requestClient.call(api.governance.createSanction, { body });

export const getOutletGovernance = (id: string) => requestClient.call(api.governance.outlet, { params: { id } });

export const getEngineerGovernance = (id: string) => requestClient.call(api.governance.engineer, { params: { id } });
