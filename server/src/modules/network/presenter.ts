import { maskPhone, type EngineerView, type OutletView } from '@fangxin/shared';
import type { EngineerRecord, OutletRecord } from './model';

export function presentOutlet(o: OutletRecord): OutletView {
  return {
    id: String(o._id),
    code: o.code,
    name: o.name,
    city: o.city,
    districtCodes: [...o.districtCodes],
    address: o.address,
    phone: o.phone,
  };
}

/** Lists show masked phone numbers; full personal data is revealed only through audited endpoints. */
export function presentEngineer(e: EngineerRecord): EngineerView {
  return {
    id: String(e._id),
    employeeNo: e.employeeNo,
    name: e.name,
    outletId: String(e.outletId),
    level: e.level,
    status: e.status,
    skills: e.skills.map((s) => ({ category: s.category, assessedAt: s.assessedAt.toISOString(), score: s.score })),
    certificates: e.certificates.map((c) => ({
      type: c.type,
      number: c.number,
      expiresAt: c.expiresAt.toISOString(),
    })),
    phoneMasked: maskPhone(e.phone),
  };
}
