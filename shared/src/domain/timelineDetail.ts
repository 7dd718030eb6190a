import { CARD_VERDICT_TEXT, type CardVerdict } from '../schemas/card';
import { APPLIANCE_CATEGORIES, SERVICE_TYPES } from './catalog';
import { COMPLAINT_CATEGORY_LABELS, type ComplaintCategory } from './complaint';
import { PAYMENT_METHOD_LABELS, type PaymentMethod } from './labels';
import { SLA_CLOCK_LABELS, type SlaClock } from './sla';
import { escalationText } from './routing';
import { shanghaiDateTime, slotWindow } from './slots';
import { PAYMENT_PURPOSE_LABELS, PAYMENT_PURPOSE_LABELS_EN, REFUND_REASON_LABELS, REFUND_REASON_LABELS_EN } from './payments';
import { APPEAL_KINDS, appealItemText, type AppealKind } from './appeals';

type Data = Readonly<Record<string, unknown>>;

/** The language of a line: the customer's and engineer's apps are Chinese, the admin also English. */
export type DetailLang = 'zh' | 'en';

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const yuan = (fen: unknown): string | null => (typeof fen === 'number' ? `¥${(fen / 100).toFixed(2)}` : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The English words the admin shows for codes whose Chinese names live next to the code lists. */
const EN = {
  window: { '09-11': 'morning 09:00-11:00', '11-13': 'midday 11:00-13:00', '14-16': 'afternoon 14:00-16:00', '16-18': 'late afternoon 16:00-18:00', '18-20': 'evening 18:00-20:00', '19-21': 'evening 19:00-21:00' } as Record<string, string>,
  payment: { wechat: 'WeChat Pay', cash: 'cash', transfer: 'bank transfer' } as Record<PaymentMethod, string>,
  sla: { respond: 'Respond within 24 h', arrive: 'Arrive in the booked slot', resolve: 'Finish in time after arrival' } as Record<SlaClock, string>,
  complaint: { attitude: 'Attitude', overcharging: 'Overcharging', quality: 'Repair quality', no_show: 'No-show', damage: 'Damage', privacy: 'Privacy', other: 'Other' } as Record<ComplaintCategory, string>,
  verdict: { genuine: 'genuine', expired: 'QR code expired', revoked: 'card revoked', engineer_suspended: 'engineer suspended', tampered: 'invalid or tampered' } as Record<CardVerdict, string>,
};
const CARD_VERDICT_LABELS = Object.fromEntries(Object.entries(CARD_VERDICT_TEXT).map(([k, v]) => [k, v.label])) as Record<CardVerdict, string>;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-12-14 16-18` as 12月14日 傍晚 16:00-18:00 / 14 Dec, late afternoon 16:00-18:00. */
function slotText(v: unknown, lang: DetailLang): string | null {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\S+)$/.exec(v) : null;
  if (!m) return text(v);
  const window = slotWindow(m[4]!);
  if (lang === 'en') return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}, ${EN.window[m[4]!] ?? m[4]}`;
  return `${Number(m[2])}月${Number(m[3])}日 ${window?.label ?? m[4]}`;
}

/** An instant (ISO text or Date) as Beijing time: 12月7日 05:17 / 7 Dec 05:17; null for anything else. */
function instantText(v: unknown, lang: DetailLang): string | null {
  const at = v instanceof Date ? v : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : null;
  if (!at || Number.isNaN(at.getTime())) return null;
  const s = shanghaiDateTime(at);
  const [month, day, time] = [Number(s.slice(5, 7)), Number(s.slice(8, 10)), s.slice(11, 16)];
  return lang === 'en' ? `${day} ${MONTHS[month - 1]} ${time}` : `${month}月${day}日 ${time}`;
}

/** A code's name from a list, or nothing for a code this version does not know (never the code itself). */
function listed<T extends { code: string }>(list: readonly T[], v: unknown, name: (item: T) => string): string | null {
  const item = list.find((x) => x.code === v);
  return item ? name(item) : null;
}
const pick = <K extends string>(map: Record<K, string>, v: unknown): string | null => (typeof v === 'string' && Object.hasOwn(map, v) ? map[v as K] : null);

/** `before` + the value + `after`, or null when the value says nothing. */
const around = (before: string, value: string | number | null, after = ''): string | null => (value !== null && value !== '' ? `${before}${value}${after}` : null);

const joiner = (lang: DetailLang) => (...parts: Array<string | null | false | undefined>): string | null => parts.filter(Boolean).join(lang === 'en' ? '; ' : '，') || null;

/** The appealed item of an appeal event, in words (its kind, clock and complaint category as recorded). */
function appealItemFromData(data: Data, lang: DetailLang): string | null {
  if (typeof data.kind !== 'string' || !(APPEAL_KINDS as readonly string[]).includes(data.kind)) return null;
  const clock = typeof data.clock === 'string' && Object.hasOwn(SLA_CLOCK_LABELS, data.clock) ? (data.clock as SlaClock) : null;
  const categoryLabel = lang === 'en' ? pick(EN.complaint, data.category) : pick(COMPLAINT_CATEGORY_LABELS, data.category);
  return appealItemText({ kind: data.kind as AppealKind, clock, categoryLabel }, lang);
}

/**
 * One line, in words a customer or a manager reads, of what a timeline event recorded (its `data`), or null when there
 * is nothing to add to the event's name: Chinese (both apps) or English (the admin's second language), written once
 * here. Never shows keys, codes or ids; money in yuan, times in Asia/Shanghai.
 */
export function timelineEventDetail(type: string, data: Data, lang: DetailLang = 'zh'): string | null {
  const en = lang === 'en';
  const join = joiner(lang);
  const L = (zh: string, english: string) => (en ? english : zh);
  switch (type) {
    case 'created':
      return join(
        around(L('预约 ', 'Booked for '), slotText(data.slot, lang)),
        listed(APPLIANCE_CATEGORIES, data.category, (c) => (en ? c.nameEn : c.name)),
        listed(SERVICE_TYPES, data.serviceType, (s) => (en ? s.nameEn : s.name)),
        data.rework === true && L(`免费二次上门（原订单 ${text(data.parentOrderNo) ?? '—'}）`, `free second visit (original order ${text(data.parentOrderNo) ?? '—'})`),
      );
    case 'dispatched':
    case 'claimed':
    case 'reassigned':
      return join(around(L('工程师：', 'Engineer: '), text(data.engineerName)), text(data.reason), data.auto === true && L('系统按质量分自动派单', 'assigned automatically by quality score'));
    case 'escalated':
      return num(data.afterMinutes) !== null ? escalationText(data.afterMinutes as number, lang) : null;
    case 'offered':
      return num(data.engineers) !== null ? L(`已通知 ${data.engineers} 位工程师，先到先得`, `${data.engineers} engineer${data.engineers === 1 ? '' : 's'} notified, first come first served`) : null;
    case 'rescheduled':
      return around(L('改到 ', 'Moved to '), slotText(data.to, lang));
    case 'service_code_issued':
      return around(L('10 分钟内有效，至 ', 'Valid for 10 minutes, until '), instantText(data.expiresAt, lang));
    case 'checked_in':
      // The shared arrival rule's words, as recorded (domain/arrival.ts); older events carry only late/lateMinutes.
      if (data.arrival === 'early') return L(typeof data.label === 'string' ? data.label : '提前到达', `${String(data.earlyMinutes)} minutes early`);
      return data.late === true ? L(`迟到 ${String(data.lateMinutes)} 分钟`, `${String(data.lateMinutes)} minutes late`) : L('按时到达', 'On time');
    case 'service_code_rejected':
      return typeof data.left === 'number' ? (data.left > 0 ? L(`还可尝试 ${data.left} 次`, `${data.left} tries left`) : L('服务码已失效', 'Code no longer valid')) : null;
    case 'card_verified': {
      if (data.match === true) return L('工作证真实，且为本单工程师', 'Card genuine, and the engineer of this order');
      const verdict = en ? pick(EN.verdict, data.verdict) : pick(CARD_VERDICT_LABELS, data.verdict);
      return join(
        verdict ? L(`核验结果：${verdict}`, `Result: ${verdict}`) : L('核验未通过', 'Check failed'),
        data.assignedToThisOrder === false && L('非本单工程师', 'not the engineer of this order'),
        data.inTimeWindow === false && (data.arrival === 'early' ? L('提前到达', 'arrived early') : L('不在预约时段', 'outside the booked slot')),
        data.qualifiedForCategory === false && L('不具备该品类资质', 'not qualified for this appliance'),
      );
    }
    case 'card_verified_offline':
      return join(
        data.validAtCheck === true ? L('离线核验：工作证真实有效', 'Offline: card genuine') : L('离线核验未通过', 'Offline: check failed'),
        data.assignedToThisOrder === true ? L('为本单工程师', 'the engineer of this order') : data.assignedToThisOrder === false ? L('非本单工程师', 'not the engineer of this order') : null,
        around(L('核验于 ', 'checked at '), instantText(data.checkedAt, lang)),
      );
    case 'nobody_home':
      return join(around(L('等待客户至 ', 'Waiting for the customer until '), instantText(data.waitUntil, lang)), data.photoId ? L('附门口照片和定位', 'door photo and location attached') : null);
    case 'no_show_wait_over':
      return around(L('已等待 ', 'Waited '), num(data.waitedMinutes), L(' 分钟，客户未应答', ' minutes, no answer'));
    case 'reschedule_declined':
      return join(around(L('提议的时间 ', 'Proposed time: '), slotText(data.to, lang)), around(L('原因：', 'reason: '), text(data.reason)));
    case 'no_show':
      return join(
        around(L('等待 ', 'Waited '), num(data.waitedMinutes), L(' 分钟', ' minutes')),
        (num(data.feeFen) ?? 0) > 0 ? L(`空跑费 ${yuan(data.feeFen)}`, `wasted-trip fee ${yuan(data.feeFen)}`) : L('不收空跑费', 'no wasted-trip fee'),
      );
    case 'reschedule_proposed':
    case 'reschedule_agreed':
      return around(L('新时间 ', 'New time: '), slotText(data.to, lang));
    case 'appeal_filed':
    case 'appeal_withdrawn': {
      const item = appealItemFromData(data, lang);
      if (type === 'appeal_withdrawn') return item;
      const rows = num(data.timelineEntries) ?? 0;
      const photos = num(data.photos) ?? 0;
      return join(item, rows > 0 && L(`附 ${rows} 条记录`, `${rows} record${rows === 1 ? '' : 's'} cited`), photos > 0 && L(`${photos} 张照片`, `${photos} photo${photos === 1 ? '' : 's'}`));
    }
    case 'appeal_decided':
      return join(
        appealItemFromData(data, lang),
        data.decision === 'upheld' ? L('申诉成立，已不计入质量分', 'upheld: no longer counts in the quality score') : data.decision === 'rejected' ? L('申诉未成立', 'rejected') : null,
        around(L('理由：', 'reason: '), text(data.reason)),
      );
    case 'quoted':
      return join(
        yuan(data.totalFen) && L(`第 ${String(data.quoteNo)} 次报价，合计 ${yuan(data.totalFen)}`, `Quote no. ${String(data.quoteNo)}, total ${yuan(data.totalFen)}`),
        (num(data.offCatalogue) ?? 0) > 0 && L(`${String(data.offCatalogue)} 项价目表外`, `${String(data.offCatalogue)} off the price list`),
        data.reportWithdrawn === true && L('已撤回原服务报告', 'service report withdrawn'),
      );
    case 'quote_confirmed':
      return around(L('确认金额 ', 'Confirmed '), yuan(data.totalFen));
    case 'payment_recorded':
      return join(
        around(L('收款 ', 'Received '), yuan(data.amountFen)),
        en ? pick(EN.payment, data.method) : pick(PAYMENT_METHOD_LABELS, data.method),
        around(L('收据号 ', 'receipt '), text(data.receiptNo)),
      );
    // Issue 20.4: online payment with refunds.
    case 'payment_requested':
    case 'payment_received':
    case 'payment_closed':
      return join(
        en ? pick(PAYMENT_PURPOSE_LABELS_EN, data.purpose) : pick(PAYMENT_PURPOSE_LABELS, data.purpose),
        yuan(data.amountFen),
        around(L('微信支付单号 ', 'WeChat Pay no. '), text(data.transactionId)),
        data.expired === true && L('超时未支付', 'not paid in time'),
      );
    case 'payment_mismatch':
      return join(
        around(L('应付 ', 'Due '), yuan(data.dueFen)),
        around(L('实付 ', 'paid '), yuan(data.paidFen)),
        data.alreadyPaid === true && L('订单已付过款', 'the order was already paid'),
        L('全额原路退回', 'refunded in full'),
      );
    case 'refund_requested':
    case 'refund_succeeded':
    case 'refund_failed':
    case 'compensation_owed':
      return join(en ? pick(REFUND_REASON_LABELS_EN, data.reason) : pick(REFUND_REASON_LABELS, data.reason), yuan(data.amountFen), type === 'refund_succeeded' && L('已退回微信', 'back in WeChat'));
    case 'waiting_for_parts':
      return join(around(L('原因：', 'Reason: '), text(data.reason)), around(L('预计 ', 'expected '), text(data.expectedDate), L(' 到货', '')));
    case 'resumed':
      return around(L('等待配件 ', 'Waited '), num(data.pausedMinutes), L(' 分钟', ' minutes for parts'));
    case 'report_submitted':
      return around(L('附照片 ', ''), num(data.photos), L(' 张', data.photos === 1 ? ' photo attached' : ' photos attached'));
    case 'auto_closed':
      return around(L('完工 ', 'No objection within '), num(data.afterHours), L(' 小时内无异议', ' hours of completion'));
    case 'declined':
    case 'cancelled':
    case 'quote_rejected':
      return around(L('原因：', 'Reason: '), text(data.reason));
    case 'sla_at_risk':
    case 'sla_breached':
      return en ? pick(EN.sla, data.clock) : pick(SLA_CLOCK_LABELS, data.clock);
    case 'complaint_filed':
      return en ? pick(EN.complaint, data.category) : pick(COMPLAINT_CATEGORY_LABELS, data.category);
    case 'complaint_resolved':
      return (num(data.compensationFen) ?? 0) > 0 ? L(`补偿 ${yuan(data.compensationFen)}`, `Compensation ${yuan(data.compensationFen)}`) : null;
    case 'survey_submitted':
      return num(data.overall) !== null ? L(`总体评分 ${data.overall} 星`, `Overall ${data.overall} of 5 stars`) : null;
    case 'return_visit_recorded':
      return data.reached === false
        ? L('未联系上客户', 'Customer not reached')
        : data.satisfied === true
          ? L('客户表示满意', 'Customer satisfied')
          : data.satisfied === false
            ? L('客户不满意', 'Customer not satisfied')
            : null;
    case 'rework_requested':
      return join(
        data.engineer === 'same' ? L('要求原工程师上门', 'Same engineer asked for') : data.engineer === 'different' ? L('要求换一位工程师', 'Another engineer asked for') : null,
        num(data.warrantyDays) !== null && L(`保修期 ${data.warrantyDays} 天`, `warranty ${data.warrantyDays} days`),
      );
    default:
      return null;
  }
}
