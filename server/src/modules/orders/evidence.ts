import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { recordAudit } from '../audit/service';
import { uploadsOfOrder } from '../uploads/service';
import { surveyOfOrder } from '../surveys/results';
import { presentSurvey } from '../surveys/presenter';
import { complaintsOfOrder } from '../complaints/queries';
import { presentComplaint } from '../complaints/presenter';
import type { OrderRecord } from './model';
import { presentEvent, presentOrder } from './presenter';
import { chainVerdict, receiptFor } from './queries';

/**
 * The evidence pack for a dispute: everything the platform knows about one order, in one document — the timeline
 * with its chain verification, every quote and decision, the photos (with their SHA-256, so a copy can be matched),
 * the payment and receipt, the survey and the complaints. Downloaded by the outlet's staff and platform admins;
 * each download is audit-logged. Contact data stays masked (a reveal is a separate, audited act).
 */
export async function evidencePack(clock: Clock, user: AuthUser, order: OrderRecord, meta: { ip: string; requestId: string }) {
  const [uploads, survey, complaints] = await Promise.all([
    uploadsOfOrder(order._id),
    surveyOfOrder(order._id),
    complaintsOfOrder(order._id),
  ]);
  const now = clock.now();
  await recordAudit(clock, {
    action: 'evidence.download',
    actorId: user.id,
    actorRole: user.role,
    outletId: String(order.outletId),
    target: `order:${order.orderNo}`,
    ip: meta.ip,
    requestId: meta.requestId,
  });
  return {
    generatedAt: now.toISOString(),
    generatedBy: { id: user.id, name: user.name, role: user.role },
    order: presentOrder(order, 'staff', user.role, now),
    timeline: { events: order.timeline.map(presentEvent), verdict: chainVerdict(order) },
    cardVerifications: order.timeline.filter((e) => e.type === 'card_verified').map(presentEvent),
    quotes: order.quotes.map((q) => ({ ...q, createdAt: new Date(q.createdAt).toISOString(), decidedAt: q.decidedAt ? new Date(q.decidedAt).toISOString() : null, rejectReason: q.rejectReason ?? null })),
    photos: uploads.map((u) => ({
      id: String(u._id),
      kind: u.kind,
      mime: u.mime,
      size: u.size,
      sha256: u.sha256,
      uploadedAt: u.createdAt.toISOString(),
      uploadedBy: String(u.ownerId),
      url: `/api/v1/uploads/${String(u._id)}`,
    })),
    receipt: order.payment ? await receiptFor(order) : null,
    survey: survey ? presentSurvey(survey) : null,
    complaints: complaints.map((c) => presentComplaint(c, 'staff', user.role, now)),
  };
}
