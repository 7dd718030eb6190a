import { describeLowReason, type SurveyView } from '@fangxin/shared';
import type { SurveyRecord } from './model';

/** Every field staff (or the answering customer) see of one survey. */
export function presentSurvey(s: SurveyRecord): SurveyView {
  return {
    id: String(s._id),
    orderId: String(s.orderId),
    orderNo: s.orderNo,
    outletId: String(s.outletId),
    engineerId: s.engineerId ? String(s.engineerId) : null,
    templateId: String(s.templateId),
    scores: { ...s.scores } as Record<string, number>,
    problemSolved: s.problemSolved,
    recommendation: s.recommendation ?? null,
    comment: s.comment ?? '',
    low: s.low,
    lowReasons: (s.lowReasons ?? []).map((r) => ({ ...r, text: describeLowReason(r) })),
    returnVisitTaskId: s.returnVisitTaskId ? String(s.returnVisitTaskId) : null,
    submittedAt: new Date(s.submittedAt).toISOString(),
  };
}
