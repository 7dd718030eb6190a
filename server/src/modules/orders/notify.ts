import { ORDER_STATUS_LABELS, categoryName, slotLabel } from '@fangxin/shared';
import type { Clock } from '../../lib/clock';
import { activeManagerIds } from '../users/reads';
import { notify } from '../notifications/service';
import type { OrderRecord } from './model';

type Party = 'customer' | 'engineer' | 'managers';

/** Who hears about each step, and what they read. */
const MESSAGES: Record<string, { to: Party[]; title: string; body: (o: OrderRecord) => string }> = {
  order_created: { to: ['customer', 'managers'], title: '新订单', body: (o) => `${categoryName(o.category)}服务已预约：${slotLabel(o.slot.day, o.slot.window)}` },
  order_cancelled: { to: ['customer', 'engineer', 'managers'], title: '订单已取消', body: (o) => `订单 ${o.orderNo} 已取消：${o.cancellation?.reason ?? ''}` },
  order_rescheduled: { to: ['customer', 'engineer', 'managers'], title: '预约时间已变更', body: (o) => `订单 ${o.orderNo} 改约至 ${slotLabel(o.slot.day, o.slot.window)}` },
  order_dispatched: { to: ['engineer'], title: '新派单', body: (o) => `订单 ${o.orderNo}（${categoryName(o.category)}，${slotLabel(o.slot.day, o.slot.window)}）已派给您，请尽快接单` },
  engineer_assigned: { to: ['customer'], title: '已为您安排工程师', body: (o) => `订单 ${o.orderNo} 已安排工程师，工程师接单后会按预约时间上门` },
  order_offered: { to: [], title: '新的可接订单', body: (o) => `${categoryName(o.category)}，${slotLabel(o.slot.day, o.slot.window)}` },
  order_accepted: { to: ['customer', 'managers'], title: '工程师已接单', body: (o) => `订单 ${o.orderNo} 已有工程师接单，将按预约时间上门` },
  order_declined: { to: ['managers'], title: '工程师拒单', body: (o) => `订单 ${o.orderNo} 被拒单，已退回待派单` },
  order_on_the_way: { to: ['customer'], title: '工程师已出发', body: (o) => `订单 ${o.orderNo} 的工程师已出发，请保持电话畅通` },
  order_arrived: { to: ['customer'], title: '工程师已到达', body: (o) => `订单 ${o.orderNo} 的工程师已签到，请核验工作证` },
  order_quoted: { to: ['customer'], title: '请确认报价', body: (o) => `订单 ${o.orderNo} 有新的报价，确认后工程师才会开工` },
  quote_confirmed: { to: ['engineer'], title: '客户已确认报价', body: (o) => `订单 ${o.orderNo} 报价已确认，可以开始服务` },
  quote_rejected: { to: ['engineer', 'managers'], title: '客户拒绝报价', body: (o) => `订单 ${o.orderNo} 的报价被拒绝` },
  order_waiting_parts: { to: ['customer', 'managers'], title: '等待配件', body: (o) => `订单 ${o.orderNo} 等待配件：${o.partsWait?.reason ?? ''}，预计 ${o.partsWait?.expectedDate ?? ''}` },
  order_completed: { to: ['customer', 'managers'], title: '服务已完工', body: (o) => `订单 ${o.orderNo} 已完工，请确认服务结果` },
  order_closed: { to: ['engineer', 'managers'], title: '订单已关闭', body: (o) => `订单 ${o.orderNo} 已关闭（${ORDER_STATUS_LABELS.closed}）` },
};

/** An engineer was (re)assigned: the engineer is asked to accept, the customer is told someone is coming. */
export async function notifyAssignment(clock: Clock, order: OrderRecord): Promise<void> {
  await notifyOrderParties(clock, order, 'order_dispatched');
  await notifyOrderParties(clock, order, 'engineer_assigned');
}

/** Sends the in-app (and channel) notifications for one order event. */
export async function notifyOrderParties(clock: Clock, order: OrderRecord, event: keyof typeof MESSAGES, extraUserIds: string[] = []): Promise<void> {
  const message = MESSAGES[event]!;
  const recipients: string[] = [...extraUserIds];
  if (message.to.includes('customer')) recipients.push(String(order.customerId));
  if (message.to.includes('engineer') && order.engineerUserId) recipients.push(String(order.engineerUserId));
  if (message.to.includes('managers')) {
    recipients.push(...(await activeManagerIds(order.outletId)).map(String));
  }
  await notify(clock, recipients, { type: event, title: message.title, body: message.body(order), orderId: String(order._id) });
}
