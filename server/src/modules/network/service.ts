import type { AuthUser } from '../../http/auth';
import { findScopedOr404, outletScope } from '../../lib/scope';
import { Engineer, Outlet, type EngineerRecord, type OutletRecord } from './model';
import { presentEngineer, presentOutlet } from './presenter';

export async function listOutlets(user: AuthUser) {
  const outlets = await Outlet.find(outletScope(user, '_id')).sort({ code: 1 }).lean<OutletRecord[]>();
  return outlets.map(presentOutlet);
}

export async function getOutlet(user: AuthUser, id: string) {
  return presentOutlet(await findScopedOr404<OutletRecord>(Outlet, id, user, { field: '_id', what: '网点' }));
}

export async function listEngineers(user: AuthUser, query: { page: number; pageSize: number; status?: 'active' | 'suspended' }) {
  const filter = { ...outletScope(user), ...(query.status ? { status: query.status } : {}) };
  const [items, total] = await Promise.all([
    Engineer.find(filter)
      .sort({ employeeNo: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<EngineerRecord[]>(),
    Engineer.countDocuments(filter),
  ]);
  return { items: items.map(presentEngineer), total, page: query.page, pageSize: query.pageSize };
}

export async function getEngineer(user: AuthUser, id: string) {
  return presentEngineer(await findScopedOr404<EngineerRecord>(Engineer, id, user, { what: '工程师' }));
}
