import { Types } from 'mongoose';
import { CERTIFICATE_TYPES, categoryName, type EngineerPublicProfile, type WorkCardView, isSkillPassed } from '@fangxin/shared';
import { userNames } from '../users/reads';
import type { EngineerRecord, OutletRecord } from '../network/model';
import type { WorkCardRecord } from './model';

/** 陈建国 → 陈; "Li Wei" → LW: what the card shows in place of a missing photo. */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (/^[\x20-\x7e]+$/.test(trimmed)) {
    return trimmed
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('');
  }
  return Array.from(trimmed)[0] ?? '?';
}

const certName = (type: string) => CERTIFICATE_TYPES.find((c) => c.code === type)?.name ?? type;

/** The engineer as anyone scanning the card may see them: no phone number, certificates with their validity now. */
export function presentPublicProfile(e: EngineerRecord, outlet: Pick<OutletRecord, '_id' | 'name'> | null, now: Date): EngineerPublicProfile {
  return {
    id: String(e._id),
    name: e.name,
    initials: initialsOf(e.name),
    photoUrl: e.photoUrl ?? null,
    employeeNo: e.employeeNo,
    outlet: { id: String(e.outletId), name: outlet?.name ?? '' },
    skills: e.skills.filter((s) => isSkillPassed(s.score)).map((s) => ({ category: s.category, name: categoryName(s.category) })),
    certificates: e.certificates.map((c) => ({
      type: c.type,
      name: certName(c.type),
      number: c.number,
      expiresAt: new Date(c.expiresAt).toISOString(),
      valid: new Date(c.expiresAt) > now,
    })),
    level: e.level,
    rating: e.qualityScore ?? null,
    status: e.status,
  };
}

/** Cards with the names of the staff who issued and revoked them (one lookup for the whole list). */
export async function presentCards(cards: WorkCardRecord[]): Promise<WorkCardView[]> {
  const staffIds = [...new Set(cards.flatMap((c) => [c.issuedBy, c.revokedBy]).filter((id): id is Types.ObjectId => !!id).map(String))];
  const staff = staffIds.length ? await userNames(staffIds.map((id) => new Types.ObjectId(id))) : [];
  const nameOf = new Map(staff.map((u) => [String(u._id), u.name]));
  const ref = (id: Types.ObjectId | null) => (id ? { id: String(id), name: nameOf.get(String(id)) ?? '' } : null);
  return cards.map((c) => ({
    serial: c.serial,
    engineerId: String(c.engineerId),
    status: c.status,
    issuedAt: c.issuedAt.toISOString(),
    issuedBy: ref(c.issuedBy),
    revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
    revokedBy: ref(c.revokedBy),
    revokeReason: c.revokeReason,
  }));
}

export async function presentCard(card: WorkCardRecord): Promise<WorkCardView> {
  return (await presentCards([card]))[0]!;
}
