import { z } from 'zod';

/**
 * Issue 20.1, fair to both sides when the customer is not home. The rules, written once:
 *
 * - The engineer on the way reports "已到达，无人应答" at the door with the phone's location and a site photo. The
 *   customer is told at once and a waiting time starts (setting `noShowWaitMinutes`).
 * - The customer answers in time ("我在家，马上开门", or shows the service code): the visit goes on, the engineer checks
 *   in as usual.
 * - The waiting time ends unanswered (a job marks it, once): the engineer may end the visit as a customer no-show.
 *   The order goes back to 已接单 with the same engineer and waits for the customer to pick a new window (重新预约);
 *   it is the same order, so its history, engineer and price list stay together.
 * - A visit ended as a no-show does not count against the engineer: its arrival deadline is excused (neither met nor
 *   missed, and a breach marked while he waited is void). An arrival reported at the door in time counts as on time
 *   even when the customer opens later.
 * - A wasted-trip fee (空跑费) applies only when the catalogue published one for the category AND the booking screen
 *   showed it to the customer (the order records, at booking, the fee the customer was shown).
 * - After the engineer has set off, the window may still move by agreement: one side proposes a new window, the other
 *   accepts (the order moves with the same capacity and engineer-window reservations as a reschedule, and the engineer
 *   sets off again on the new day) or declines.
 */

/** The catalogue fee item that is the wasted-trip fee: an active `fee` item of the category whose name starts so. */
export const WASTED_TRIP_FEE_NAME = '空跑费';

export const NO_SHOW_STATES = ['waiting', 'answered', 'wait_over', 'no_show', 'rebooked'] as const;
export type NoShowState = (typeof NO_SHOW_STATES)[number];

export interface CatalogFeeItem {
  code: string;
  category: string;
  kind: string;
  name: string;
  priceFen: number;
  active: boolean;
}

/** Whether a catalogue item is the wasted-trip fee: charged only by the no-show protocol, never put on a quote. */
export function isWastedTripFeeItem(item: { kind: string; name: string }): boolean {
  return item.kind === 'fee' && item.name.startsWith(WASTED_TRIP_FEE_NAME);
}

/** The wasted-trip fee the catalogue publishes for a category, or null. */
export function wastedTripFee(items: readonly CatalogFeeItem[], category: string): { code: string; name: string; priceFen: number } | null {
  const item = items.find((i) => i.active && isWastedTripFeeItem(i) && i.category === category && i.priceFen > 0);
  return item ? { code: item.code, name: item.name, priceFen: item.priceFen } : null;
}

/** What the order records at booking: the catalogue's fee (0 if none) and whether the booking screen showed exactly it. */
export function noShowTermsAtBooking(catalogFee: { priceFen: number } | null, shownFen: number | undefined): { feeFen: number; shownAtBooking: boolean } {
  const feeFen = catalogFee?.priceFen ?? 0;
  return { feeFen, shownAtBooking: feeFen > 0 && shownFen === feeFen };
}

/** The fee a no-show costs the customer: only what was published and shown at booking. */
export function noShowFeeFen(terms: { feeFen: number; shownAtBooking: boolean } | null | undefined): number {
  return terms && terms.shownAtBooking ? terms.feeFen : 0;
}

/** What the booking screen tells the customer about a no-show, with the catalogue's fee (or none). */
export function noShowBookingNotice(feeFen: number, waitMinutes: number): string {
  const fee = feeFen > 0 ? `将收取空跑费 ¥${(feeFen / 100).toFixed(2)}` : '不收取空跑费';
  return `工程师上门时如家中无人应答，会等待 ${waitMinutes} 分钟；仍无人应答视为上门未遇，${fee}，您可以重新预约。`;
}

export const DoorLocation = z
  .object({
    latitude: z.number().min(-90, '纬度超出范围').max(90, '纬度超出范围'),
    longitude: z.number().min(-180, '经度超出范围').max(180, '经度超出范围'),
    accuracy: z.number().min(0).max(100_000).nullable().default(null).meta({ description: 'Metres, as the device reports it' }),
  })
  .meta({ id: 'DoorLocation' });

export const NobodyHomeBody = z
  .object({
    photoId: z.string().regex(/^[0-9a-fA-F]{24}$/, '请先拍一张门口照片').meta({ description: 'A site photo (kind report_photo) the engineer uploaded for this order' }),
    location: DoorLocation,
  })
  .meta({ id: 'NobodyHomeBody' });

export const DeclineProposalBody = z.object({ reason: z.string().trim().max(200).default('') }).meta({ id: 'DeclineProposalBody' });

export const NoShowView = z
  .object({
    state: z.enum(NO_SHOW_STATES),
    reportedAt: z.string(),
    waitUntil: z.string(),
    waitMinutes: z.number().int(),
    location: DoorLocation,
    photoId: z.string(),
    answeredAt: z.string().nullable(),
    waitOverAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    feeFen: z.number().int().meta({ description: 'The wasted-trip fee due: only a fee the catalogue published and the booking screen showed' }),
    notice: z.string().meta({ description: 'What happened, in words for the customer' }),
  })
  .meta({ id: 'NoShowView' });

export const RescheduleProposalView = z
  .object({
    by: z.enum(['engineer', 'customer']),
    day: z.string(),
    window: z.string(),
    proposedAt: z.string(),
    text: z.string(),
  })
  .meta({ id: 'RescheduleProposalView' });

export type NobodyHomeBody = z.infer<typeof NobodyHomeBody>;
export type NoShowView = z.infer<typeof NoShowView>;
export type RescheduleProposalView = z.infer<typeof RescheduleProposalView>;

/** The customer's words for each state (the order page's notice). */
export function noShowNotice(state: NoShowState, feeFen: number, waitUntilText: string): string {
  switch (state) {
    case 'waiting':
      return `工程师已到达您家门口，但无人应答。他会等到 ${waitUntilText}；如您在家，请点“我在家，马上开门”。`;
    case 'answered':
      return '您已回应，工程师马上为您服务。';
    case 'wait_over':
      return '工程师已等待超时，仍无人应答。如您在家请尽快联系工程师，否则本次上门将记为上门未遇。';
    case 'no_show':
      return `工程师按约上门，但家中无人应答，本次记为上门未遇${feeFen > 0 ? `，按预约时告知的标准收取空跑费 ¥${(feeFen / 100).toFixed(2)}` : '，不收取空跑费'}。请重新选择上门时间。`;
    case 'rebooked':
      return '上次上门未遇，您已重新预约上门时间。';
  }
}
