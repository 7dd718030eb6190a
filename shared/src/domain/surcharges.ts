import { CERTIFICATE_TYPES, type CertificateType } from './catalog';
import { isWastedTripFeeItem } from './noShow';
import { districtName } from './regions';
import { NIGHT_RULE, isNightWindow, slotWindow } from './slots';

/**
 * Issue 19: surcharges that obey their conditions. A catalogue item may carry a machine-readable condition; the server
 * checks it when the engineer quotes (one pure rule, here), the public price list and the admin catalogue editor show
 * it in the words below. An inspection fee may be marked "waived when the repair is done": a quote that carries it
 * together with repair labour (any other labour line, such as 制冷系统维修) is refused, so the bill never holds both.
 * Parts alone do not waive it: for most appliances the inspection fee is the only labour charged for a repair.
 * The wasted-trip fee (空跑费, noShow.ts) is never quotable: only a visit ended as a customer no-show charges it.
 */
export const SURCHARGE_CONDITION_KINDS = ['night_window', 'height_work', 'remote_district', 'urgent'] as const;
export type SurchargeConditionKind = (typeof SURCHARGE_CONDITION_KINDS)[number];

export type SurchargeCondition =
  | { kind: 'night_window' }
  | { kind: 'height_work'; needsCertificate: CertificateType; needsPhoto: boolean }
  | { kind: 'remote_district' }
  | { kind: 'urgent' };

/** The condition each kind means by default (the height-work fee: a valid 高处作业证 and a site photo). */
export function defaultCondition(kind: SurchargeConditionKind): SurchargeCondition {
  if (kind === 'height_work') return { kind, needsCertificate: 'high_altitude', needsPhoto: true };
  return { kind };
}

/** Short names of the conditions, for a select or a tag. */
export const SURCHARGE_CONDITION_NAMES: Record<SurchargeConditionKind, string> = {
  night_window: '仅晚间时段',
  height_work: '仅高处作业',
  remote_district: '仅远郊区县',
  urgent: '仅加急订单',
};

const certName = (type: string) => CERTIFICATE_TYPES.find((c) => c.code === type)?.name ?? '相应证书';

/** The condition in a sentence, as the price list and the catalogue editor show it. */
export function describeCondition(condition: SurchargeCondition): string {
  switch (condition.kind) {
    case 'night_window':
      return `仅在晚间时段收取（${NIGHT_RULE.startsAtOrAfter} 以后开始或 ${NIGHT_RULE.endsAfter} 以后结束的预约时段）`;
    case 'height_work':
      return `仅在需要高处作业时收取：工程师须持有效${certName(condition.needsCertificate)}${condition.needsPhoto ? '，并拍现场照片为证' : ''}`;
    case 'remote_district':
      return '仅在平台标为远郊的区县收取';
    case 'urgent':
      return '仅在客户下单时选择加急的订单收取';
  }
}

export const WAIVED_WITH_REPAIR_TEXT = '维修时免收：报价中有维修人工费时，不再收取此费用';

/** What the check needs to know about the order, the site and the engineer. */
export interface SurchargeContext {
  /** The booked window's code. */
  window: string;
  urgent: boolean;
  /** The order's district, and whether the platform marked it remote. */
  districtCode: string;
  districtRemote: boolean;
  /** The engineer marked the order as needing height work, with a site photo (null: not marked). */
  heightWork: { photo: boolean } | null;
  /** The quoting engineer's certificates. */
  certificates: ReadonlyArray<{ type: string; expiresAt: Date | string }>;
  /** Certificates must be valid until this instant (the end of the booked window). */
  validUntil: Date | string;
}

/** A quote line as the check sees it: catalogue lines carry their item's condition and waiver flag. */
export interface SurchargeLine {
  code: string | null;
  name: string;
  kind: 'labour' | 'part' | 'fee';
  offCatalogue: boolean;
  condition?: SurchargeCondition | null;
  waivedWithRepair?: boolean;
}

const day = (v: Date | string) => new Date(v).toISOString().slice(0, 10);

/** Why a condition does not hold for this order, in plain Chinese, or null when it holds. */
export function conditionRefusal(name: string, condition: SurchargeCondition, ctx: SurchargeContext): string | null {
  switch (condition.kind) {
    case 'night_window': {
      if (isNightWindow(ctx.window)) return null;
      const w = slotWindow(ctx.window);
      return `${name}只在晚间时段收取：本单预约的是 ${w ? `${w.start}-${w.end}` : ctx.window}，不是晚间时段`;
    }
    case 'remote_district':
      return ctx.districtRemote ? null : `${name}只在远郊区县收取：本单地址所在的${districtName(ctx.districtCode) ?? '区县'}不是平台标注的远郊区县`;
    case 'urgent':
      return ctx.urgent ? null : `${name}只在加急订单收取：客户下单时没有选择加急`;
    case 'height_work': {
      if (!ctx.heightWork) return `${name}只在需要高处作业时收取：请先拍现场照片，标明本单需要高处作业`;
      if (condition.needsPhoto && !ctx.heightWork.photo) return `${name}需要现场照片：请拍一张高处作业现场的照片`;
      const cert = ctx.certificates.find((c) => c.type === condition.needsCertificate);
      if (!cert) return `${name}须由持有效${certName(condition.needsCertificate)}的工程师收取：您没有登记该证书`;
      if (new Date(cert.expiresAt) < new Date(ctx.validUntil)) return `${name}须由持有效${certName(condition.needsCertificate)}的工程师收取：您的证书已于 ${day(cert.expiresAt)} 过期`;
      return null;
    }
  }
}

export interface SurchargeRefusal {
  /** The line's index in the quote. */
  index: number;
  code: string | null;
  reason: string;
}

/** Whether a line is repair labour that waives an inspection fee: any labour line other than a waivable fee itself. */
const isRepairWork = (line: SurchargeLine) => line.kind === 'labour' && !line.waivedWithRepair;

/**
 * Every line of a quote whose condition does not hold, with the reason; empty when the quote may be sent. Lines
 * outside the price list have no condition (they carry their own reason and the customer confirms them).
 */
export function surchargeRefusals(lines: readonly SurchargeLine[], ctx: SurchargeContext): SurchargeRefusal[] {
  const refusals: SurchargeRefusal[] = [];
  const repair = lines.find(isRepairWork);
  lines.forEach((line, index) => {
    if (line.offCatalogue) return;
    if (isWastedTripFeeItem(line)) {
      refusals.push({ index, code: line.code, reason: `${line.name}只在上门未遇（家中无人）时按预约时告知的金额收取，不能列入报价` });
      return;
    }
    const reason = line.condition ? conditionRefusal(line.name, line.condition, ctx) : null;
    if (reason) refusals.push({ index, code: line.code, reason });
    else if (line.waivedWithRepair && repair) {
      refusals.push({ index, code: line.code, reason: `${line.name}在维修时免收：本次报价已含维修人工费“${repair.name}”，请删去${line.name}` });
    }
  });
  return refusals;
}

// ---- Engineer levels (issue 19, point 6) ----------------------------------------------------------------------

/** Engineer levels 1–5 in plain words, for the work card, lists and the catalogue editor. */
export const ENGINEER_LEVELS = [
  { level: 1, name: '见习工程师', nameEn: 'Trainee engineer' },
  { level: 2, name: '初级工程师', nameEn: 'Junior engineer' },
  { level: 3, name: '中级工程师', nameEn: 'Intermediate engineer' },
  { level: 4, name: '高级工程师', nameEn: 'Senior engineer' },
  { level: 5, name: '资深工程师', nameEn: 'Principal engineer' },
] as const;

export function engineerLevelName(level: number): string {
  return ENGINEER_LEVELS.find((l) => l.level === level)?.name ?? `${level} 级工程师`;
}

/** Why an engineer's level is too low for the work, or null when it is enough (no requirement: always enough). */
export function levelShortfall(level: number, minLevel: number | null | undefined): string | null {
  if (!minLevel || level >= minLevel) return null;
  return `此服务需${engineerLevelName(minLevel)}（${minLevel} 级）及以上，该工程师为${engineerLevelName(level)}（${level} 级）`;
}
