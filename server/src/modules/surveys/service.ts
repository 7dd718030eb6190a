import { Types } from 'mongoose';
import { describeLowReason, shanghaiDay, surveyAvailability, surveyLowResult, type FieldError, type SubmitSurveyBody, type SurveyScores } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { notify } from '../notifications/service';
import { loadOrderFor } from '../orders/access';
import { actorOf } from '../orders/actor';
import type { OrderRecord } from '../orders/model';
import { changeOrder } from '../orders/mutate';
import { reworkWarranty } from '../orders/rework/rework';
import { createReturnVisitTask } from '../returnVisits/service';
import { getSettings } from '../settings/service';
import { activeManagerIds } from '../users/reads';
import { Survey, SurveyInvitation, type SurveyRecord, type SurveyTemplateRecord } from './model';
import { presentSurvey } from './presenter';
import { defaultId, findTemplate, freezeTemplate, getDefaultTemplate, presentTemplate } from './templates';

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

/**
 * The survey of an order as its customer (or staff) see it: the questions, whether it can be answered now, the
 * answer, and — for a low answer — the follow-up still on offer (a second visit, a complaint).
 */
export async function getOrderSurvey(clock: Clock, user: AuthUser, orderId: string) {
  const { order } = await loadOrderFor(clock, user, orderId, ['customer', 'staff']);
  const [survey, settings] = await Promise.all([Survey.findOne({ orderId: order._id }).lean<SurveyRecord>(), getSettings()]);
  const now = clock.now();
  const availability = surveyAvailability({ status: order.status, closedAt: order.times.closedAt }, survey !== null, settings.surveyWindowDays, now);
  const template = survey ? await findTemplate(survey.templateId) : await getDefaultTemplate(clock);
  return {
    orderId: String(order._id),
    orderNo: order.orderNo,
    template: template ? presentTemplate(template, await defaultId()) : null,
    canAnswer: availability.canAnswer,
    reason: availability.reason,
    until: availability.until?.toISOString() ?? null,
    survey: survey ? presentSurvey(survey) : null,
    followUp: survey?.low && survey.returnVisitTaskId ? await followUpFor(order, String(survey.returnVisitTaskId), now) : null,
  };
}

async function followUpFor(order: OrderRecord, returnVisitTaskId: string, now: Date) {
  return { returnVisitTaskId, canRequestRework: await canRequestRework(order, now), canComplain: true as const };
}

/** Field problems of an answer against the template's questions: every element asked is scored, nothing else. */
function answerProblems(template: SurveyTemplateRecord, body: SubmitSurveyBody): FieldError[] {
  const asked = new Set<string>(template.elements.map((e) => e.key));
  const problems: FieldError[] = [];
  for (const e of template.elements) {
    if (body.scores[e.key] === undefined) problems.push({ path: `scores.${e.key}`, message: `请为「${e.label}」评分` });
  }
  for (const key of Object.keys(body.scores)) {
    if (!asked.has(key)) problems.push({ path: `scores.${key}`, message: '该问卷没有此评价项' });
  }
  if (!template.askRecommendation && body.recommendation !== undefined && body.recommendation !== null) {
    problems.push({ path: 'recommendation', message: '该问卷不含推荐意愿问题' });
  }
  return problems;
}

/**
 * Validates the answer against the template it was given for and freezes that template's questions, in a loop:
 * an admin editing the template at the same moment makes the answer be checked again against the new questions.
 */
async function templateFor(clock: Clock, body: SubmitSurveyBody): Promise<SurveyTemplateRecord> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const template = body.templateId ? await findTemplate(body.templateId) : await getDefaultTemplate(clock);
    if (!template) throw new AppError('validation_failed', undefined, { fields: [{ path: 'templateId', message: '问卷不存在，请刷新后重新填写' }] });
    const problems = answerProblems(template, body);
    if (problems.length) throw new AppError('validation_failed', undefined, { fields: problems });
    if (await freezeTemplate(template, clock.now())) return template;
  }
  throw new AppError('conflict', '问卷正在被修改，请稍后重试');
}

/** Whether a free second visit (S8) can be requested for this order now. */
async function canRequestRework(order: OrderRecord, now: Date): Promise<boolean> {
  if (order.reworkOrderId) return false;
  const warranty = await reworkWarranty(order);
  return warranty.until !== null && now.getTime() <= warranty.until.getTime();
}

/**
 * S7: the customer answers the survey of their closed order, once, within the window. The answer is private; the
 * order's timeline records that it was given, its overall score and whether it was low (never the comment). A low
 * result opens a return-visit task, tells the outlet's managers, and offers the customer a second visit or a
 * complaint. One survey per order is kept by the unique index on orderId, whatever the race.
 */
export async function submitSurvey(clock: Clock, user: AuthUser, orderId: string, body: SubmitSurveyBody) {
  const { order } = await loadOrderFor(clock, user, orderId, ['customer']);
  if (order.status !== 'closed') throw new AppError('survey_not_available', '订单确认完工后才能评价');
  if (await Survey.exists({ orderId: order._id })) throw new AppError('survey_already_submitted');
  const settings = await getSettings();
  const availability = surveyAvailability({ status: order.status, closedAt: order.times.closedAt }, false, settings.surveyWindowDays, clock.now());
  if (!availability.canAnswer) throw new AppError('survey_window_closed', `评价已超过期限（关单后 ${settings.surveyWindowDays} 天内可评价）`);

  const template = await templateFor(clock, body);
  const scores: SurveyScores = Object.fromEntries(template.elements.map((e) => [e.key, body.scores[e.key]!]));
  const result = surveyLowResult({ scores, problemSolved: body.problemSolved });
  const now = clock.now();
  let survey: SurveyRecord;
  try {
    const doc = await Survey.create({
      orderId: order._id,
      orderNo: order.orderNo,
      customerId: order.customerId,
      outletId: order.outletId,
      engineerId: order.engineerId ?? null,
      templateId: template._id,
      scores,
      problemSolved: body.problemSolved,
      recommendation: template.askRecommendation ? (body.recommendation ?? null) : null,
      comment: body.comment ?? '',
      low: result.low,
      lowReasons: result.reasons,
      returnVisitTaskId: null,
      submittedAt: now,
      submittedDay: shanghaiDay(now),
    });
    survey = doc.toObject() as SurveyRecord;
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('survey_already_submitted');
    throw err;
  }

  await changeOrder(clock, order._id, actorOf(user), () => ({
    type: 'survey_submitted',
    data: { surveyId: String(survey._id), overall: scores.overall ?? null, low: result.low },
  }));
  await markInvitationAnswered(order, now);

  if (!result.low) return { survey: presentSurvey(survey), followUp: null };

  const task = await createReturnVisitTask(clock, { orderId: order._id, reason: 'low_survey', surveyId: String(survey._id) });
  await Survey.updateOne({ _id: survey._id }, { $set: { returnVisitTaskId: new Types.ObjectId(task.id) } });
  survey.returnVisitTaskId = new Types.ObjectId(task.id);
  await notify(clock, await activeManagerIds(order.outletId), {
    type: 'survey_low',
    title: '低分评价',
    body: `订单 ${order.orderNo} 收到低分评价（${result.reasons.map(describeLowReason).join('、')}），已生成回访任务`,
    orderId: String(order._id),
  });
  return { survey: presentSurvey(survey), followUp: await followUpFor(order, task.id, now) };
}

/** Records on the invitation that the order was answered, so no reminder goes out afterwards. */
async function markInvitationAnswered(order: OrderRecord, now: Date): Promise<void> {
  const update = { $set: { surveyedAt: now }, $setOnInsert: { customerId: order.customerId, closedAt: order.times.closedAt ?? now, surveyReminderSentAt: null } };
  try {
    await SurveyInvitation.updateOne({ orderId: order._id }, update, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await SurveyInvitation.updateOne({ orderId: order._id }, { $set: { surveyedAt: now } });
  }
}
