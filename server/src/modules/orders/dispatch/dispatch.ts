import { Types } from 'mongoose';
import { ACTIVE_STATUSES, CERTIFICATE_TYPES, categoryName, engineerLevelName, isSkillPassed, levelShortfall, qualityScoreText, type CertificateType } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { Clock } from '../../../lib/clock';
import { engineerProfilesOf, outletFields } from '../../network/reads';
import { engineersWithActiveCard } from '../../cards/reads';
import { getPublishedCatalog, requiredCertificates, requiredLevel } from '../../catalog/service';
import { Order, type OrderRecord } from '../model';
import type { OrderCommand } from '../command';
import { notifyAssignment, notifyOrderParties } from '../notify';
import { notify } from '../../notifications/service';

export interface DispatchDeps {
  clock: Clock;
  /** Offer mode: each tier of engineers sees the order this many minutes after the tier above. */
  offerTierMinutes: number;
}

export interface Candidate {
  engineerId: string;
  userId: string;
  name: string;
  employeeNo: string;
  /** The stored score (S11); null: 暂无评分, ranked after every scored engineer. */
  qualityScore: number | null;
  load: number;
  skillScore: number | null;
  eligible: boolean;
  rank: number | null;
  /** Why this engineer ranks where they do, or why they are excluded. */
  reasons: string[];
}

const certName = (type: CertificateType) => CERTIFICATE_TYPES.find((c) => c.code === type)?.name ?? type;

/**
 * S6: who may take this order. Only active engineers of the order's outlet who passed the category's assessment,
 * hold every certificate the work needs valid on the slot date, carry an active work card, and are free in that
 * slot. Eligible engineers are ranked by quality score, then by current load; everyone gets their reasons.
 */
export async function rankCandidates(order: OrderRecord): Promise<Candidate[]> {
  const [engineers, outlet, catalog] = await Promise.all([
    engineerProfilesOf(order.outletId),
    outletFields(order.outletId, 'districtCodes'),
    getPublishedCatalog(order.catalogVersion),
  ]);
  const ids = engineers.map((e) => e._id);
  const [withCard, busy, loads] = await Promise.all([
    engineersWithActiveCard(ids),
    Order.find(
      { engineerId: { $in: ids }, status: { $in: ACTIVE_STATUSES }, 'slot.day': order.slot.day, 'slot.window': order.slot.window, _id: { $ne: order._id } },
      { engineerId: 1, orderNo: 1 },
    ).lean(),
    Order.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { engineerId: { $in: ids }, status: { $in: ACTIVE_STATUSES }, _id: { $ne: order._id } } },
      { $group: { _id: '$engineerId', n: { $sum: 1 } } },
    ]),
  ]);
  const busyWith = new Map(busy.map((o) => [String(o.engineerId), o.orderNo]));
  const loadOf = new Map(loads.map((l) => [String(l._id), l.n]));
  const needed = requiredCertificates(catalog, order.category, order.serviceType);
  // Issue 19: the lowest engineer level the category's service type needs (catalogue policy); null: any.
  const minLevel = requiredLevel(catalog, order.category, order.serviceType);
  const covers = outlet?.districtCodes.includes(order.contact.districtCode) ?? false;

  const candidates: Candidate[] = engineers.map((e) => {
    // Only a passed assessment qualifies (S6); failed attempts stay on the record.
    const skill = e.skills.find((s) => s.category === order.category && isSkillPassed(s.score));
    const exclusions: string[] = [];
    if (e.status !== 'active') exclusions.push('已停职');
    if (!withCard.has(String(e._id))) exclusions.push('无有效工作证');
    if (!skill) exclusions.push(`未通过${categoryName(order.category)}技能考核`);
    for (const type of needed) {
      const cert = e.certificates.find((c) => c.type === type);
      if (!cert) exclusions.push(`缺少${certName(type)}`);
      else if (cert.expiresAt < order.slot.endAt) exclusions.push(`${certName(type)}已于 ${cert.expiresAt.toISOString().slice(0, 10)} 过期`);
    }
    const levelShort = levelShortfall(e.level, minLevel);
    if (levelShort) exclusions.push(levelShort);
    if (!covers) exclusions.push('不覆盖该区域');
    if (order.reworkPreference === 'different' && order.parentEngineerId && String(order.parentEngineerId) === String(e._id)) exclusions.push('客户要求更换工程师（二次上门）');
    const busyOrder = busyWith.get(String(e._id));
    if (busyOrder) exclusions.push(`该时段已有订单 ${busyOrder}`);
    return {
      engineerId: String(e._id),
      userId: String(e.userId),
      name: e.name,
      employeeNo: e.employeeNo,
      qualityScore: e.qualityScore ?? null,
      load: loadOf.get(String(e._id)) ?? 0,
      skillScore: skill?.score ?? null,
      eligible: exclusions.length === 0,
      rank: null,
      reasons: exclusions,
    };
  });

  const eligible = candidates
    .filter((c) => c.eligible)
    .sort((a, b) => (b.qualityScore ?? -1) - (a.qualityScore ?? -1) || a.load - b.load || (b.skillScore ?? 0) - (a.skillScore ?? 0) || a.employeeNo.localeCompare(b.employeeNo));
  eligible.forEach((c, i) => {
    c.rank = i + 1;
    c.reasons = [
      `质量分 ${qualityScoreText(c.qualityScore)}${i > 0 && eligible[i - 1]!.qualityScore === c.qualityScore ? '（与上一位相同）' : ''}`,
      `在途订单 ${c.load} 单`,
      `${categoryName(order.category)}技能考核 ${c.skillScore} 分`,
      needed.length ? `持有有效${needed.map(certName).join('、')}` : '该服务无需特种证书',
      ...(minLevel ? [`达到${engineerLevelName(minLevel)}（${minLevel} 级）及以上`] : []),
      '该时段空闲',
    ];
  });
  return [...eligible, ...candidates.filter((c) => !c.eligible)];
}

/** The engineer as a candidate for this order, refused (409 engineer_not_eligible) unless eligible. */
export async function assertEligible(order: OrderRecord, engineerId: string): Promise<Candidate> {
  const candidate = (await rankCandidates(order)).find((c) => c.engineerId === engineerId);
  if (!candidate) throw new AppError('engineer_not_eligible', '该工程师不属于此订单的网点');
  if (!candidate.eligible) throw new AppError('engineer_not_eligible', `该工程师不符合派单条件：${candidate.reasons.join('；')}`);
  return candidate;
}

/** Manual dispatch by the outlet manager (or platform admin) to an eligible engineer. */
export function dispatchOrder(deps: DispatchDeps, engineerId: string): OrderCommand {
  return {
    action: 'dispatch',
    async build(current) {
      const candidate = await assertEligible(current, engineerId);
      return {
        type: 'dispatched',
        data: { engineerId, engineerName: candidate.name, rank: candidate.rank },
        set: { engineerId: new Types.ObjectId(engineerId), engineerUserId: new Types.ObjectId(candidate.userId), offer: null, 'times.dispatchedAt': deps.clock.now() },
      };
    },
    after: (updated) => notifyAssignment(deps.clock, updated),
  };
}

/** Moves the order to another eligible engineer; the previous engineer's card stops matching the order at once. */
export function reassignOrder(deps: DispatchDeps, engineerId: string): OrderCommand {
  return {
    action: 'reassign',
    async build(current) {
      // Judged on the version being written: of two identical reassignments at once, the second finds it done.
      if (current.engineerId && String(current.engineerId) === engineerId) throw new AppError('engineer_not_eligible', '该订单已由此工程师负责');
      const candidate = await assertEligible(current, engineerId);
      return {
        type: 'reassigned',
        data: { from: current.engineerId ? String(current.engineerId) : null, to: engineerId, engineerName: candidate.name },
        set: { engineerId: new Types.ObjectId(engineerId), engineerUserId: new Types.ObjectId(candidate.userId), 'times.dispatchedAt': deps.clock.now() },
      };
    },
    async after(updated, before) {
      await notifyAssignment(deps.clock, updated);
      if (before.engineerUserId) {
        await notify(deps.clock, [String(before.engineerUserId)], { type: 'order_reassigned', title: '订单已改派', body: `订单 ${updated.orderNo} 已改派给其他工程师`, orderId: String(updated._id) });
      }
    },
  };
}

/** The assigned engineer accepts a dispatch. Two concurrent accepts: one wins, the other gets 409 illegal_transition. */
export function acceptOrder(deps: DispatchDeps): OrderCommand {
  return {
    action: 'accept',
    build: () => ({ type: 'accepted', set: { 'times.acceptedAt': deps.clock.now() } }),
    after: (updated) => notifyOrderParties(deps.clock, updated, 'order_accepted'),
  };
}

/** The assigned engineer declines with a reason; the order returns to the outlet's queue and the manager hears. */
export function declineOrder(deps: DispatchDeps, reason: string): OrderCommand {
  return {
    action: 'decline',
    build: (current) => ({
      type: 'declined',
      data: { reason, engineerId: String(current.engineerId) },
      // Back in the queue: the escalation clock starts again (issue 19).
      set: { engineerId: null, engineerUserId: null, pendingSince: deps.clock.now(), escalation: null },
    }),
    after: (updated) => notifyOrderParties(deps.clock, updated, 'order_declined'),
  };
}
