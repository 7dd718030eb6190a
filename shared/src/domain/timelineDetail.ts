import { CARD_VERDICT_TEXT, type CardVerdict } from '../schemas/card';
import { categoryName, serviceTypeName } from './catalog';
import { COMPLAINT_CATEGORY_LABELS, type ComplaintCategory } from './complaint';
import { PAYMENT_METHOD_LABELS, type PaymentMethod } from './labels';
import { SLA_CLOCK_LABELS, type SlaClock } from './sla';
import { SLOT_WINDOWS } from './slots';

type Data = Readonly<Record<string, unknown>>;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const yuan = (fen: unknown): string | null => (typeof fen === 'number' ? `¥${(fen / 100).toFixed(2)}` : null);

/** `2026-12-14 16-18` as 12月14日 傍晚 16:00-18:00. */
function slotText(v: unknown): string | null {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\S+)$/.exec(v) : null;
  if (!m) return text(v);
  const window = SLOT_WINDOWS.find((w) => w.code === m[4]);
  return `${Number(m[2])}月${Number(m[3])}日 ${window?.label ?? m[4]}`;
}

/** A code's name, or nothing for a code this version does not know (never the code itself). */
const named = (v: unknown, name: (code: string) => string): string | null => (typeof v === 'string' && name(v) !== v ? name(v) : null);

/** `before` + the value + `after`, or null when the value says nothing. */
const around = (before: string, value: string | null, after = ''): string | null => (value ? `${before}${value}${after}` : null);

const join = (...parts: Array<string | null | false | undefined>): string | null => parts.filter(Boolean).join('，') || null;

/**
 * One line, in words a customer or a manager reads, of what a timeline event recorded (its `data`), or null when there
 * is nothing to add to the event's name. Never shows keys, codes or ids. Both apps show it under the event.
 */
export function timelineEventDetail(type: string, data: Data): string | null {
  switch (type) {
    case 'created':
      return join(
        around('预约 ', slotText(data.slot)),
        named(data.category, categoryName),
        named(data.serviceType, serviceTypeName),
        data.rework === true && `免费二次上门（原订单 ${text(data.parentOrderNo) ?? '—'}）`,
      );
    case 'dispatched':
    case 'claimed':
    case 'reassigned':
      return join(around('工程师：', text(data.engineerName)), text(data.reason));
    case 'offered':
      return typeof data.engineers === 'number' ? `已通知 ${data.engineers} 位工程师，先到先得` : null;
    case 'rescheduled':
      return around('改到 ', slotText(data.to));
    case 'checked_in':
      return data.late === true ? `迟到 ${String(data.lateMinutes)} 分钟` : '按时到达';
    case 'card_verified': {
      if (data.match === true) return '工作证真实，且为本单工程师';
      const verdict = CARD_VERDICT_TEXT[data.verdict as CardVerdict]?.label;
      return join(
        verdict ? `核验结果：${verdict}` : '核验未通过',
        data.assignedToThisOrder === false && '非本单工程师',
        data.inTimeWindow === false && '不在预约时段',
        data.qualifiedForCategory === false && '不具备该品类资质',
      );
    }
    case 'quoted':
      return join(
        yuan(data.totalFen) && `第 ${String(data.quoteNo)} 次报价，合计 ${yuan(data.totalFen)}`,
        typeof data.offCatalogue === 'number' && data.offCatalogue > 0 && `${data.offCatalogue} 项价目表外`,
        data.reportWithdrawn === true && '已撤回原服务报告',
      );
    case 'quote_confirmed':
      return around('确认金额 ', yuan(data.totalFen));
    case 'payment_recorded':
      return join(
        around('收款 ', yuan(data.amountFen)),
        PAYMENT_METHOD_LABELS[data.method as PaymentMethod],
        around('收据号 ', text(data.receiptNo)),
      );
    case 'waiting_for_parts':
      return join(around('原因：', text(data.reason)), around('预计 ', text(data.expectedDate), ' 到货'));
    case 'resumed':
      return typeof data.pausedMinutes === 'number' ? `等待配件 ${data.pausedMinutes} 分钟` : null;
    case 'report_submitted':
      return typeof data.photos === 'number' ? `附照片 ${data.photos} 张` : null;
    case 'auto_closed':
      return typeof data.afterHours === 'number' ? `完工 ${data.afterHours} 小时内无异议` : null;
    case 'declined':
    case 'cancelled':
    case 'quote_rejected':
      return around('原因：', text(data.reason));
    case 'sla_at_risk':
    case 'sla_breached':
      return SLA_CLOCK_LABELS[data.clock as SlaClock] ?? null;
    case 'complaint_filed':
      return COMPLAINT_CATEGORY_LABELS[data.category as ComplaintCategory] ?? null;
    case 'complaint_resolved':
      return typeof data.compensationFen === 'number' && data.compensationFen > 0 ? `补偿 ${yuan(data.compensationFen)}` : null;
    case 'survey_submitted':
      return typeof data.overall === 'number' ? `总体评分 ${data.overall} 星` : null;
    case 'return_visit_recorded':
      return data.reached === false ? '未联系上客户' : data.satisfied === true ? '客户表示满意' : data.satisfied === false ? '客户不满意' : null;
    case 'rework_requested':
      return join(data.engineer === 'same' ? '要求原工程师上门' : data.engineer === 'different' ? '要求换一位工程师' : null, typeof data.warrantyDays === 'number' && `保修期 ${data.warrantyDays} 天`);
    default:
      return null;
  }
}
