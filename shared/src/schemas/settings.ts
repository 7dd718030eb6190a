import { z } from 'zod';
import { DEFAULT_MAINTENANCE_SETTINGS, MaintenanceSettings } from '../domain/maintenance';

/**
 * Platform-wide service standards a platform admin can tune (docs/STANDARDS.md: the numbers marked *setting* are
 * defaults a platform admin can change). Every field has its default, so an empty settings document means the published standards.
 */
export const PlatformSettings = z
  .object({
    /** S1: an engineer accepts (and contacts the customer) within this many hours of submission. */
    respondHours: z.number().int().min(1).max(168).default(24),
    /** Issue 19: an order still waiting for dispatch this many minutes after booking (or after a decline) is escalated. */
    dispatchEscalationMinutes: z.number().int().min(5).max(1440).default(120),
    /** Issue 19: an urgent order is accepted within this many hours of booking (its shorter respond clock). */
    urgentRespondHours: z.number().int().min(1).max(168).default(4),
    /** Completion: the work is finished within this many hours of arrival (time awaiting parts does not count). */
    resolveHours: z.number().int().min(1).max(720).default(72),
    /** S1/S2/S9: share of a deadline used before the order or complaint is flagged at risk. */
    atRiskRatio: z.number().min(0.5).max(0.95).default(0.8),
    /** S9: complaints are acknowledged and resolved within these hours. */
    complaintAckHours: z.number().int().min(1).max(168).default(24),
    complaintResolveHours: z.number().int().min(1).max(720).default(72),
    /** S9: 单笔赔偿上限, integer fen. An outlet manager's compensation above it waits for a platform admin's approval. */
    complaintCompensationCapFen: z.number().int().min(0).max(10_000_000).default(50_000),
    /** S7: a customer may answer the survey this many days after closing. */
    surveyWindowDays: z.number().int().min(1).max(90).default(30),
    /** S8: default repair warranty for a free second visit when the items carry none. */
    reworkWarrantyDays: z.number().int().min(1).max(365).default(90),
    /** Return visits: share of closed orders sampled, and days to complete a task. */
    returnVisitSampleRate: z.number().min(0).max(1).default(0.1),
    returnVisitDueDays: z.number().int().min(1).max(30).default(3),
    /** Completed orders close after this many hours without objection. */
    autoCloseHours: z.number().int().min(1).max(720).default(48),
    /** Customers cancel or reschedule for free until this many hours before the slot. */
    customerChangeCutoffHours: z.number().min(0).max(72).default(2),
    /** Issue 19: districts (GB/T 2260 codes) the platform marks remote (远郊): the remote-visit fee may be quoted only there. */
    remoteDistrictCodes: z
      .array(z.string().regex(/^\d{6}$/, '区县代码为 6 位数字'))
      .max(200, '最多 200 个远郊区县')
      .refine((codes) => new Set(codes).size === codes.length, '区县不能重复')
      .default([]),
    /** Issue 20.1: minutes the engineer waits at the door after reporting nobody home, before he may end the visit as a no-show. */
    noShowWaitMinutes: z.number().int().min(1).max(120).default(20),
    /** Issue 20.3: maintenance reminders per rule of the rule book (shared/src/domain/maintenance.ts): on/off, interval, lead days. */
    maintenanceReminders: MaintenanceSettings.default(DEFAULT_MAINTENANCE_SETTINGS),
    /** Issue 20.2: days after a complaint, survey or missed deadline within which the engineer or his manager may appeal it. */
    appealWindowDays: z.number().int().min(1).max(180).default(30),
    /** Governance (issue 19): days an outlet named at the bottom of a published month has to hand in its rectification report. */
    rectificationDays: z.number().int().min(1).max(60).default(15),
    /** The platform's customer-service hotline: shown wherever a message says 联系客服, and on every active order. */
    hotline: z
      .string()
      .trim()
      .regex(/^[0-9][0-9 -]{3,18}[0-9]$/, '客服电话只能包含数字、空格和短横线，5 到 20 位')
      .default('400-820-5050'),
  })
  .meta({ id: 'PlatformSettings' });

/**
 * Only the fields sent, without their defaults: a patch of one field must not reset the others (`.partial()` keeps
 * each field's `.default()`, which would fill every absent field in).
 */
const patchShape = Object.fromEntries(
  Object.entries(PlatformSettings.shape).map(([key, field]) => [key, field.unwrap().optional()]),
) as { [K in keyof typeof PlatformSettings.shape]: z.ZodOptional<ReturnType<(typeof PlatformSettings.shape)[K]['unwrap']>> };

export const PlatformSettingsPatch = z
  .object(patchShape)
  .refine((p) => Object.keys(p).length > 0, '至少修改一项')
  .meta({ id: 'PlatformSettingsPatch' });

export type PlatformSettings = z.infer<typeof PlatformSettings>;
export const DEFAULT_SETTINGS: PlatformSettings = PlatformSettings.parse({});
export type PlatformSettingsPatch = z.input<typeof PlatformSettingsPatch>;
