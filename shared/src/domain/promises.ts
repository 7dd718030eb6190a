/**
 * The promises the apps show (issue 19, part 5), written once: each sentence takes the numbers configured in the
 * platform settings (`GET /promises`, public), so changing a setting changes every screen that states it.
 */

/** The numbers behind the published promises (the settings in force). */
export interface PromiseNumbers {
  /** S1: an engineer accepts and contacts the customer within this many hours of booking. */
  respondHours: number;
  /** Completion: the work is finished within this many hours of arrival. */
  resolveHours: number;
  /** S8: a free second visit within this many days when the items carry no warranty of their own. */
  reworkWarrantyDays: number;
  /** S9: complaints acknowledged and resolved within these hours. */
  complaintAckHours: number;
  complaintResolveHours: number;
  /** Free cancellation or rescheduling until this many hours before the window. */
  customerChangeCutoffHours: number;
}

/** `24 小时`, or `2 天` when a whole number of days from 48 hours on. */
export function hoursText(hours: number): string {
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} 天` : `${hours} 小时`;
}

/** 24小时响应 (the home page's short title). */
export const respondPromiseTitle = (hours: number) => `${hoursText(hours).replace(' ', '')}响应`;
/** 下单后 24 小时内接单联系 */
export const respondPromiseDetail = (hours: number) => `下单后 ${hoursText(hours)}内接单联系`;
/** 24 小时内接单响应 (the order's deadline list). */
export const respondDeadlineLabel = (hours: number) => `${hoursText(hours)}内接单响应`;
/** The booking review's promise (null: the numbers have not arrived, said without one). */
export const bookingPromise = (n: Pick<PromiseNumbers, 'respondHours'> | null) =>
  `提交后${n ? ` ${hoursText(n.respondHours)}内` : '按时限'}工程师接单联系；上门后先报价，经您确认才施工，收费以公开价目表为准。`;
/** The complaint form's promise (null: said without the numbers). */
export const complaintPromise = (n: Pick<PromiseNumbers, 'complaintAckHours' | 'complaintResolveHours'> | null) =>
  n
    ? `我们会在 ${hoursText(n.complaintAckHours)}内受理、${hoursText(n.complaintResolveHours)}内给出处理结果，全程可在这里查看进度。`
    : '我们会按时受理并给出处理结果，全程可在这里查看进度。';
/** The price list's second-visit line. */
export const reworkPromise = (n: Pick<PromiseNumbers, 'reworkWarrantyDays'>) =>
  `修好后同一故障再次出现：项目保修期内（项目未标保修期的按 ${n.reworkWarrantyDays} 天）可申请一次免费二次上门，价目表内项目不收费。`;
/** Completion after arrival. */
export const resolvePromise = (n: Pick<PromiseNumbers, 'resolveHours'>) => `工程师到达后 ${hoursText(n.resolveHours)}内完工（等待配件的时间不计）。`;
/** Free changes. */
export const changePromise = (n: Pick<PromiseNumbers, 'customerChangeCutoffHours'>) =>
  n.customerChangeCutoffHours > 0 ? `上门前 ${n.customerChangeCutoffHours} 小时以前可免费取消或改约。` : '上门前可免费取消或改约。';

/**
 * The four promises on the home page (S1, S3, S5, S8), with the configured numbers; before they have arrived (null)
 * the response promise is said without a number, never with a number that may not be the configured one.
 */
export function homePromises(n: Pick<PromiseNumbers, 'respondHours'> | null): Array<{ title: string; detail: string }> {
  return [
    { title: '认证工程师', detail: '持证上岗，扫码核验工作证' },
    { title: '明码标价', detail: '价目表公开，先报价后施工' },
    n ? { title: respondPromiseTitle(n.respondHours), detail: respondPromiseDetail(n.respondHours) } : { title: '及时响应', detail: '下单后按时接单联系' },
    { title: '免费二次上门', detail: '保修期内同一故障免费返修' },
  ];
}

/** Every promise as a sentence, for the price list page and the admin. */
export function promiseSentences(n: PromiseNumbers): string[] {
  return [bookingPromise(n), resolvePromise(n), reworkPromise(n), complaintPromise(n), changePromise(n)];
}
