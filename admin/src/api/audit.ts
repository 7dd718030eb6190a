import { api, type AuditQuery } from '@fangxin/shared';
import { requestClient } from './request';

export type AuditFilters = Pick<AuditQuery, 'actorId' | 'action' | 'target' | 'from' | 'to'>;

export const listAudit = (query: Partial<AuditFilters & { page: number; pageSize: number }>) => requestClient.call(api.audit.list, { query });
