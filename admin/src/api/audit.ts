import type { AuditEntryView } from '@fangxin/shared';
import type { Page, PageQuery } from '@/types/api';
import { requestClient } from './request';

export interface AuditFilters {
  actorId?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

export const listAudit = (query: Partial<AuditFilters & PageQuery>) =>
  requestClient.get<Page<AuditEntryView>>('/admin/audit', { params: query });
