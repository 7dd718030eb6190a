import { SURVEY_LIMITS, shanghaiDay } from '@fangxin/shared';
import type { Clock } from '../../lib/clock';
import { notify } from '../notifications/service';
import type { OrderRecord } from '../orders/model';
import { ordersClosedBetween } from '../orders/reads';
import { getSettings } from '../settings/service';
import { Survey, SurveyInvitation } from './model';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
const BATCH = 200;

type Closed = Pick<OrderRecord, '_id' | 'orderNo' | 'customerId' | 'times'>;

/**
 * The reminder job: once per order, tells the customer of an order closed more than a day ago (and still inside the
 * survey window) that they have not answered yet. "Once" is the invitation's `surveyReminderSentAt`, claimed with
 * one conditional upsert before the message goes out: two instances, or a re-run after a crash, never send it twice
 * (a crash between claim and send loses that one reminder rather than repeating it).
 */
export async function remindUnansweredSurveys(clock: Clock): Promise<{ considered: number; reminded: number }> {
  const now = clock.now();
  const windowDays = (await getSettings()).surveyWindowDays;
  let considered = 0;
  let reminded = 0;
  let batch: Closed[] = [];
  const flush = async () => {
    const ids = batch.map((o) => o._id);
    const [answered, done] = await Promise.all([
      Survey.find({ orderId: { $in: ids } }, { orderId: 1 }).lean(),
      SurveyInvitation.find({ orderId: { $in: ids }, $or: [{ surveyReminderSentAt: { $ne: null } }, { surveyedAt: { $ne: null } }] }, { orderId: 1 }).lean(),
    ]);
    const skip = new Set([...answered, ...done].map((r) => String(r.orderId)));
    for (const order of batch) {
      if (skip.has(String(order._id))) continue;
      if (await claimReminder(order, now)) {
        reminded++;
        const until = new Date(new Date(order.times.closedAt!).getTime() + windowDays * DAY_MS);
        await notify(clock, [order.customerId], {
          type: 'survey_reminder',
          title: '请为本次服务评价',
          body: `订单 ${order.orderNo} 已完成，您的评价能帮助我们改进服务（${shanghaiDay(until)} 前有效）`,
          orderId: String(order._id),
        });
      }
    }
    batch = [];
  };
  const cursor = ordersClosedBetween<Closed>(
    new Date(now.getTime() - windowDays * DAY_MS),
    new Date(now.getTime() - SURVEY_LIMITS.reminderAfterHours * HOUR_MS),
    { _id: 1, orderNo: 1, customerId: 1, times: 1 },
  );
  try {
    for await (const order of cursor as AsyncIterable<Closed>) {
      considered++;
      batch.push(order);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
  } finally {
    await cursor.close();
  }
  return { considered, reminded };
}

/** True for the one caller that sets `surveyReminderSentAt` (insert or update); a duplicate key means someone else did. */
async function claimReminder(order: Closed, now: Date): Promise<boolean> {
  try {
    const res = await SurveyInvitation.updateOne(
      { orderId: order._id, surveyReminderSentAt: null, surveyedAt: null },
      { $set: { surveyReminderSentAt: now }, $setOnInsert: { customerId: order.customerId, closedAt: order.times.closedAt } },
      { upsert: true },
    );
    return res.modifiedCount + res.upsertedCount === 1;
  } catch (err) {
    if ((err as { code?: number })?.code === 11000) return false;
    throw err;
  }
}
