import { NETWORK_LIMITS, isSkillPassed, maskPhone, type EngineerView, type OutletView } from '@fangxin/shared';
import type { EngineerRecord, OutletRecord } from './model';

const DAY_MS = 24 * 3600 * 1000;

export function presentOutlet(o: OutletRecord): OutletView {
  return {
    id: String(o._id),
    code: o.code,
    name: o.name,
    city: o.city,
    districtCodes: [...o.districtCodes],
    address: o.address,
    phone: o.phone,
    slotCapacity: o.slotCapacity ?? 3,
    dispatchMode: o.dispatchMode ?? 'manual',
    eveningWindows: [...(o.eveningWindows ?? [])],
  };
}

/** The moment after which a certificate expiring then counts as "expiring soon" (list filter and view flag agree). */
export function expiryWarningLimit(now: Date): Date {
  return new Date(now.getTime() + NETWORK_LIMITS.certificateWarningDays * DAY_MS);
}

/**
 * Lists show masked phone numbers; full personal data is revealed only through audited endpoints. Certificate
 * validity is computed against `now`, so a view is always true at the time it was produced.
 */
export function presentEngineer(e: EngineerRecord, now: Date): EngineerView {
  const warnAt = expiryWarningLimit(now);
  const certificates = e.certificates.map((c) => {
    const expiresAt = new Date(c.expiresAt);
    return {
      type: c.type,
      number: c.number,
      expiresAt: expiresAt.toISOString(),
      valid: expiresAt > now,
      expiresInDays: Math.floor((expiresAt.getTime() - now.getTime()) / DAY_MS),
    };
  });
  return {
    id: String(e._id),
    employeeNo: e.employeeNo,
    name: e.name,
    outletId: String(e.outletId),
    userId: String(e.userId),
    level: e.level,
    status: e.status,
    suspension: e.status === 'suspended' && e.suspension ? { reason: e.suspension.reason, at: new Date(e.suspension.at).toISOString() } : null,
    photoUrl: e.photoUrl ?? null,
    qualityScore: e.qualityScore ?? null,
    skills: e.skills.map((s) => ({
      category: s.category,
      assessedAt: new Date(s.assessedAt).toISOString(),
      score: s.score,
      passed: isSkillPassed(s.score),
    })),
    certificates,
    expiringSoon: e.certificates.some((c) => new Date(c.expiresAt) <= warnAt),
    phoneMasked: maskPhone(e.phone),
  };
}
