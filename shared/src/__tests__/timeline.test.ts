import { describe, expect, it } from 'vitest';
import { chainVerdictText, TIMELINE_EVENT_LABELS, TIMELINE_EVENT_LABELS_EN, TIMELINE_EVENT_TYPES, timelineEventLabel, type TimelineEventType } from '../domain/timeline';
import { timelineEventDetail } from '../domain/timelineDetail';
import { TimelineEventView } from '../schemas/order';

describe('timeline event words', () => {
  it('has Chinese and English words for every event type, none of them a key', () => {
    for (const type of TIMELINE_EVENT_TYPES) {
      expect(TIMELINE_EVENT_LABELS[type], type).toMatch(/[\u4e00-\u9fa5]/);
      expect(TIMELINE_EVENT_LABELS_EN[type], type).toMatch(/^[A-Z][a-z ]+/);
      expect(TIMELINE_EVENT_LABELS_EN[type]).not.toContain('_');
    }
  });

  it('reads an unknown type as a neutral phrase, not as its key', () => {
    expect(timelineEventLabel('some_future_event')).toBe('订单更新');
    expect(timelineEventLabel('some_future_event', TIMELINE_EVENT_LABELS_EN)).toBe('Order updated');
    expect(timelineEventLabel('checked_in')).toBe('工程师到达签到');
  });

  it('is the list the timeline response declares: an event of another type breaks the contract', () => {
    const event = { seq: 1, at: '2026-12-07T01:00:00.000Z', actor: { id: null, role: 'system', name: '系统' }, data: {}, prevHash: 'a', hash: 'b' };
    expect(TimelineEventView.safeParse({ ...event, type: 'checked_in' }).success).toBe(true);
    expect(TimelineEventView.safeParse({ ...event, type: 'step1' }).success).toBe(false);
  });
});

describe('timeline event details', () => {
  it('says what the server recorded in words, never keys or codes', () => {
    expect(timelineEventDetail('created', { slot: '2026-12-14 16-18', outletId: 'x', category: 'air_conditioner', serviceType: 'repair' })).toBe(
      '预约 12月14日 傍晚 16:00-18:00，空调，维修',
    );
    expect(timelineEventDetail('dispatched', { engineerId: 'e1', engineerName: '陈建国', rank: 1 })).toBe('工程师：陈建国');
    expect(timelineEventDetail('rescheduled', { from: '2026-12-14 16-18', to: '2026-12-15 09-11' })).toBe('改到 12月15日 上午 09:00-11:00');
    expect(timelineEventDetail('checked_in', { late: true, lateMinutes: 12 })).toBe('迟到 12 分钟');
    expect(timelineEventDetail('quoted', { quoteNo: 2, totalFen: 29500, items: 3, offCatalogue: 1 })).toBe('第 2 次报价，合计 ¥295.00，1 项价目表外');
    expect(timelineEventDetail('payment_recorded', { method: 'transfer', amountFen: 29500, receiptNo: 'R-1' })).toBe('收款 ¥295.00，银行转账，收据号 R-1');
    expect(timelineEventDetail('card_verified', { verdict: 'genuine', match: false, assignedToThisOrder: false, inTimeWindow: true })).toMatch(/^核验结果：.+，非本单工程师$/);
    expect(timelineEventDetail('sla_breached', { clock: 'arrive', dueAt: '2026-12-14T10:00:00.000Z' })).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('adds nothing when there is nothing to say, and survives data it does not expect', () => {
    expect(timelineEventDetail('started', {})).toBeNull();
    expect(timelineEventDetail('survey_submitted', { redacted: true })).toBeNull();
    expect(timelineEventDetail('some_future_event', { a: 1 })).toBeNull();
    expect(timelineEventDetail('created', { slot: 42 })).toBeNull();
  });

  it('shows no key, id or code of any known event, whatever the event recorded', () => {
    const data = { slot: '2026-12-14 16-18', category: 'tv', serviceType: 'install', engineerName: '王', engineers: 3, to: '2026-12-15 09-11', late: false, verdict: 'revoked', quoteNo: 1, totalFen: 100, offCatalogue: 0, amountFen: 100, method: 'cash', receiptNo: 'R', reason: '客户不在家', pausedMinutes: 5, photos: 2, afterHours: 72, clock: 'respond', category2: 'x', compensationFen: 500, overall: 4, reached: true, satisfied: true, engineer: 'same', warrantyDays: 90 };
    for (const type of TIMELINE_EVENT_TYPES) {
      const line = timelineEventDetail(type, data);
      if (line) expect(line, type).not.toMatch(/[a-z]+_[a-z]+|[A-Za-z]+Id\b|air_conditioner|install|respond|revoked|cash/);
    }
  });
});

/** What the server records for each event type (see the `type:` writes under server/src/modules), one realistic example each. */
const RECORDED: Record<TimelineEventType, Record<string, unknown>> = {
  created: { slot: '2026-12-14 16-18', outletId: 'o1', category: 'air_conditioner', serviceType: 'repair' },
  dispatched: { engineerId: 'e1', engineerName: '陈建国', rank: 1 },
  reassigned: { from: 'e1', to: 'e2', engineerName: '刘伟', reason: '原工程师生病' },
  offered: { engineers: 4, tiers: 2 },
  claimed: { engineerId: 'e1', engineerName: '陈建国' },
  accepted: {},
  declined: { reason: '不在附近', engineerId: 'e1' },
  departed: {},
  rescheduled: { from: '2026-12-14 16-18', to: '2026-12-15 09-11' },
  service_code_issued: { expiresAt: '2026-12-06T21:17:30.576Z' },
  checked_in: { late: false, lateMinutes: 0 },
  service_code_rejected: {},
  card_verified: { verdict: 'genuine', serial: 'FXC-HZ-XH-ABC123', engineerId: 'e1', engineerName: '陈建国', assignedToThisOrder: true, inTimeWindow: true, qualifiedForCategory: true, match: true },
  quoted: { quoteNo: 1, totalFen: 29500, items: 2, offCatalogue: 0 },
  quote_confirmed: { quoteNo: 1, totalFen: 29500 },
  quote_rejected: { quoteNo: 1, reason: '太贵了' },
  started: {},
  waiting_for_parts: { reason: '压缩机缺货', expectedDate: '2026-12-16' },
  resumed: { pausedMinutes: 95 },
  report_submitted: { parts: [{ code: 'AC-CAP', qty: 1 }], photos: 3 },
  payment_recorded: { method: 'wechat', amountFen: 29500, receiptNo: 'R-20261207-1' },
  completed: {},
  work_accepted: {},
  auto_closed: { afterHours: 72 },
  cancelled: { reason: '客户临时有事' },
  sla_at_risk: { clock: 'arrive', dueAt: '2026-12-14T10:00:00.000Z' },
  sla_breached: { clock: 'respond', dueAt: '2026-12-14T10:00:00.000Z' },
  survey_submitted: { surveyId: 's1', overall: 2, low: true },
  complaint_filed: { complaintId: 'c1', category: 'overcharging' },
  complaint_resolved: { complaintId: 'c1', compensationFen: 5000, round: 1 },
  return_visit_recorded: { returnVisitId: 'r1', reason: 'low_survey', reached: true, satisfied: true },
  rework_requested: { reworkOrderId: 'o2', engineer: 'same', warrantyDays: 90 },
  rework_request_failed: { reworkOrderId: 'o2' },
  escalated: { afterMinutes: 120 },
  contact_revealed: {},
  card_verified_offline: { checkId: 'off-abc', checkedAt: '2026-12-14T02:03:00.000Z', verdict: 'genuine', validAtCheck: true, serial: 'FXC-HZ-XH-ABC123', engineerId: 'e1', engineerName: '陈建国', tokenNonce: 'n', assignedToThisOrder: true },
  nobody_home: { photoId: 'p1', location: { latitude: 30.27, longitude: 120.15, accuracy: 20 }, waitMinutes: 20, waitUntil: '2026-12-14T02:23:00.000Z' },
  customer_answered: {},
  no_show_wait_over: { waitedMinutes: 20 },
  no_show: { waitedMinutes: 20, feeFen: 0, feeShownAtBooking: false },
  reschedule_proposed: { by: 'engineer', to: '2026-12-15 09-11' },
  reschedule_agreed: { from: '2026-12-14 16-18', to: '2026-12-15 09-11' },
  reschedule_declined: { to: '2026-12-15 09-11', reason: '那天不在家' },
  appeal_filed: { appealId: 'a1', kind: 'complaint', clock: null, category: 'quality', timelineEntries: 2, photos: 1 },
  appeal_decided: { appealId: 'a1', kind: 'breach', clock: 'arrive', category: null, decision: 'upheld', reason: '签到记录证明按时到达' },
  appeal_withdrawn: { appealId: 'a1', kind: 'complaint', clock: null, category: 'quality' },
  // Issue 20.4: online payment with refunds.
  payment_requested: { purpose: 'service', amountFen: 29500, channel: 'jsapi' },
  payment_received: { purpose: 'service', amountFen: 29500, transactionId: '4200001234202612070001', method: 'wechat', source: 'notify' },
  payment_mismatch: { purpose: 'service', dueFen: 29500, paidFen: 30000, alreadyPaid: false },
  payment_closed: { purpose: 'no_show_fee', amountFen: 3000, expired: true },
  refund_requested: { reason: 'overpayment', amountFen: 500 },
  refund_succeeded: { reason: 'complaint_compensation', amountFen: 5000 },
  refund_failed: { reason: 'cancellation', amountFen: 29500 },
  compensation_owed: { reason: 'complaint_compensation', amountFen: 20000 },
};
/** Events whose name says everything (they record nothing more). */
const NAME_ONLY = new Set<TimelineEventType>(['accepted', 'departed', 'started', 'completed', 'work_accepted', 'rework_request_failed', 'contact_revealed', 'service_code_rejected', 'customer_answered']);

const KEYISH = /\b[a-z]+_[a-z_]+\b|[A-Za-z]+(Id|Fen|At)\b|\d{4}-\d{2}-\d{2}T|\bundefined\b|\bnull\b|\[object/;

describe('every event the server records reads as a sentence, in Chinese and in English', () => {
  for (const type of TIMELINE_EVENT_TYPES) {
    it(type, () => {
      const zh = timelineEventDetail(type, RECORDED[type]);
      const en = timelineEventDetail(type, RECORDED[type], 'en');
      if (NAME_ONLY.has(type)) {
        expect([zh, en]).toEqual([null, null]);
        return;
      }
      expect(zh, type).toMatch(/[\u4e00-\u9fa5]/);
      expect(en, type).toMatch(/^[A-Z0-9¥]/);
      // English apart from what people typed (names, reasons), which is shown as typed.
      const typed = Object.values(RECORDED[type]).filter((v): v is string => typeof v === 'string' && /[\u4e00-\u9fa5]/.test(v));
      expect(typed.reduce((line, v) => line.replace(v, ''), en ?? ''), type).not.toMatch(/[\u4e00-\u9fa5]/);
      for (const line of [zh, en]) expect(line, type).not.toMatch(KEYISH);
    });
  }

  it('money in yuan and times in Asia/Shanghai, in both languages', () => {
    expect(timelineEventDetail('quoted', RECORDED.quoted)).toBe('第 1 次报价，合计 ¥295.00');
    expect(timelineEventDetail('quoted', RECORDED.quoted, 'en')).toBe('Quote no. 1, total ¥295.00');
    expect(timelineEventDetail('payment_recorded', RECORDED.payment_recorded, 'en')).toBe('Received ¥295.00; WeChat Pay; receipt R-20261207-1');
    expect(timelineEventDetail('complaint_resolved', RECORDED.complaint_resolved)).toBe('补偿 ¥50.00');
    // 21:17 UTC on the 6th is 05:17 on the 7th in Beijing.
    expect(timelineEventDetail('service_code_issued', RECORDED.service_code_issued)).toBe('10 分钟内有效，至 12月7日 05:17');
    expect(timelineEventDetail('service_code_issued', RECORDED.service_code_issued, 'en')).toBe('Valid for 10 minutes, until 7 Dec 05:17');
    expect(timelineEventDetail('created', RECORDED.created, 'en')).toBe('Booked for 14 Dec, late afternoon 16:00-18:00; Air conditioner; Repair');
    expect(timelineEventDetail('complaint_filed', RECORDED.complaint_filed, 'en')).toBe('Overcharging');
    expect(timelineEventDetail('return_visit_recorded', RECORDED.return_visit_recorded, 'en')).toBe('Customer satisfied');
  });

  it('the chain check in plain words', () => {
    expect(chainVerdictText({ valid: true, events: 12 })).toBe('记录完整，没有被改动过（共 12 条）');
    expect(chainVerdictText({ valid: false, events: 12, brokenAt: 4 })).toMatch(/^记录校验未通过：从第 4 条起/);
    expect(chainVerdictText({ valid: true, events: 3 }, 'en')).toBe('Record complete and unaltered (3 entries)');
  });
});
