import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_DEADLINE_LABELS, shanghaiDateTime, type ComplaintDeadlineKind } from '@fangxin/shared';
import type { Clock } from '../../lib/clock';
import { activeAdminIds, activeManagerIds } from '../users/reads';
import { notify } from '../notifications/service';
import type { ComplaintRecord } from './model';

type Party = 'customer' | 'managers' | 'admins';

/** `11-25 14:05` in Asia/Shanghai, for message texts. */
const shanghaiTime = (d: Date) => shanghaiDateTime(d).slice(5, 16);

/** Each step tells the other party: the outlet hears from the customer, the customer hears from the outlet. */
const MESSAGES = {
  complaint_filed: { to: ['managers'], title: '新投诉', body: (c) => `订单 ${c.orderNo} 收到投诉（${COMPLAINT_CATEGORY_LABELS[c.category]}），请在时限内受理` },
  complaint_acknowledged: { to: ['customer'], title: '投诉已受理', body: (c) => `您对订单 ${c.orderNo} 的投诉已受理，我们会尽快处理` },
  complaint_investigating: { to: ['customer'], title: '投诉处理中', body: (c) => `您对订单 ${c.orderNo} 的投诉正在调查处理` },
  complaint_resolved: { to: ['customer'], title: '投诉已处理', body: (c) => `订单 ${c.orderNo} 的投诉已有处理结果，请确认是否满意` },
  complaint_awaiting_approval: {
    to: ['admins'],
    title: '赔偿待审批',
    body: (c) => `订单 ${c.orderNo} 的投诉处理提出赔偿 ¥${((c.approval?.compensationFen ?? 0) / 100).toFixed(2)}，超过单笔上限，请审批`,
  },
  complaint_compensation_approved: { to: ['managers'], title: '赔偿已批准', body: (c) => `订单 ${c.orderNo} 投诉的赔偿已获平台批准，处理结果已告知客户` },
  complaint_compensation_rejected: { to: ['managers'], title: '赔偿被驳回', body: (c) => `订单 ${c.orderNo} 投诉的赔偿未获平台批准，请重新处理：${c.approval?.reason ?? ''}` },
  complaint_closed: { to: ['managers'], title: '投诉已结案', body: (c) => `客户已接受订单 ${c.orderNo} 投诉的处理结果` },
  complaint_reopened: { to: ['managers'], title: '投诉被重新打开', body: (c) => `客户不接受订单 ${c.orderNo} 投诉的处理结果，请重新处理` },
} satisfies Record<string, { to: Party[]; title: string; body: (c: ComplaintRecord) => string }>;

export type ComplaintEvent = keyof typeof MESSAGES;

async function managersOf(c: Pick<ComplaintRecord, 'outletId'>): Promise<string[]> {
  return (await activeManagerIds(c.outletId)).map(String);
}

async function platformAdmins(): Promise<string[]> {
  return (await activeAdminIds()).map(String);
}

export async function notifyComplaint(clock: Clock, c: ComplaintRecord, event: ComplaintEvent): Promise<void> {
  const message = MESSAGES[event];
  const to: readonly Party[] = message.to;
  const recipients: string[] = [];
  if (to.includes('customer')) recipients.push(String(c.customerId));
  if (to.includes('managers')) recipients.push(...(await managersOf(c)));
  if (to.includes('admins')) recipients.push(...(await platformAdmins()));
  await notify(clock, recipients, { type: event, title: message.title, body: message.body(c), orderId: String(c.orderId) });
}

/** 80 % of a deadline used: the outlet's managers are warned (once per deadline). */
export async function notifyAtRisk(clock: Clock, c: Pick<ComplaintRecord, 'outletId' | 'orderId' | 'orderNo'>, kind: ComplaintDeadlineKind, dueAt: Date): Promise<void> {
  await notify(clock, await managersOf(c), {
    type: 'complaint_at_risk',
    title: '投诉即将超时',
    body: `订单 ${c.orderNo} 的投诉${COMPLAINT_DEADLINE_LABELS[kind]}将于 ${shanghaiTime(dueAt)} 到期`,
    orderId: String(c.orderId),
  });
}

/** A missed deadline is escalated: the outlet's managers and every platform admin hear of it (once per breach). */
export async function notifyBreach(clock: Clock, c: Pick<ComplaintRecord, 'outletId' | 'orderId' | 'orderNo'>, kind: ComplaintDeadlineKind): Promise<void> {
  await notify(clock, [...(await managersOf(c)), ...(await platformAdmins())], {
    type: 'complaint_breach',
    title: '投诉处理超时',
    body: `订单 ${c.orderNo} 的投诉已超过${COMPLAINT_DEADLINE_LABELS[kind]}，已升级至平台`,
    orderId: String(c.orderId),
  });
}
