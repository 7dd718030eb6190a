import { AuditPage, AuditQuery } from '../schemas/audit';
import { endpoint } from './endpoint';

export const audit = {
  list: endpoint({
    method: 'get',
    path: '/admin/audit',
    summary: 'The audit log, newest first (platform admin: everything; outlet manager: their outlet’s entries)',
    description: 'Filters: actorId, action (prefix), target (exact), from/to (Asia/Shanghai days, inclusive).',
    tags: ['audit'],
    auth: ['outlet_manager', 'platform_admin'],
    query: AuditQuery,
    response: AuditPage,
  }),
};
