import { z } from 'zod';
import { DISPATCH_MODES } from '../domain/routing';
import { CATEGORY_CODES, CERTIFICATE_TYPE_CODES, type CategoryCode } from '../domain/catalog';
import { EVENING_WINDOW_CODES, SLOT_WINDOW_CODES } from '../domain/slots';
import { LIMITS } from '../limits';
import { Day, DistrictCode, IdParams, ObjectId, Pagination, Phone } from './common';
import { DayAvailability } from './order';

/**
 * Limits of the service network (outlets, coverage, engineers), defined once for the server and the admin forms.
 */
export const NETWORK_LIMITS = {
  /** S6: a skill assessment counts as passed at this score or above. */
  skillPassScore: 60,
  /** Certificates expiring within this many days are flagged (`expiringSoon`) so they are renewed in time. */
  certificateWarningDays: 30,
  certificatesMax: 20,
  coverageMin: 1,
  coverageMax: 200,
  slotCapacityMax: 100,
} as const;

/**
 * S6: whether an assessment score is a pass. Only passed skills make an engineer eligible for a category: every
 * reader of `skills` (dispatch candidates, the work card, card verification) must use this rather than the mere
 * presence of a skill entry, because the list also records failed assessments.
 */
export function isSkillPassed(score: number): boolean {
  return score >= NETWORK_LIMITS.skillPassScore;
}

/** S6: whether an engineer has passed the assessment of a category. */
export function hasPassedSkill(skills: ReadonlyArray<{ category: string; score: number }>, category: CategoryCode | string): boolean {
  return skills.some((s) => s.category === category && isSkillPassed(s.score));
}

export const OutletView = z
  .object({
    id: ObjectId,
    code: z.string(),
    name: z.string(),
    city: z.string(),
    districtCodes: z.array(DistrictCode),
    address: z.string(),
    phone: z.string(),
    slotCapacity: z.number().int().meta({ description: 'Bookings each time window takes on a day unless that day says otherwise' }),
    dispatchMode: z.enum(DISPATCH_MODES).meta({ description: 'How the outlet hands new orders to engineers: manual, offers in tiers, or automatic (issue 19)' }),
    eveningWindows: z.array(z.enum(EVENING_WINDOW_CODES)).meta({ description: 'Evening windows the outlet opened (issue 19); every outlet offers the day windows' }),
  })
  .meta({ id: 'Outlet' });

export const EngineerStatus = z.enum(['active', 'suspended']);

export const EngineerView = z
  .object({
    id: ObjectId,
    employeeNo: z.string(),
    name: z.string(),
    outletId: ObjectId,
    userId: ObjectId.meta({ description: 'The engineer’s sign-in account' }),
    level: z.number().int().min(1).max(5),
    status: EngineerStatus,
    suspension: z
      .object({ reason: z.string(), at: z.string() })
      .nullable()
      .meta({ description: 'Why and since when the engineer is suspended; null while active' }),
    photoUrl: z.string().nullable(),
    qualityScore: z.number().nullable().meta({ description: 'The stored quality score (S11, last 90 days); null: 暂无评分' }),
    skills: z.array(
      z.object({
        category: z.enum(CATEGORY_CODES),
        assessedAt: z.string(),
        score: z.number().int().min(0).max(100),
        passed: z.boolean().meta({ description: `Score ≥ ${NETWORK_LIMITS.skillPassScore}: only passed skills make the engineer eligible for the category (S6)` }),
      }),
    ),
    certificates: z.array(
      z.object({
        type: z.enum(CERTIFICATE_TYPE_CODES),
        number: z.string(),
        expiresAt: z.string(),
        valid: z.boolean().meta({ description: 'Not expired now' }),
        expiresInDays: z.number().int().meta({ description: 'Whole days left; negative once expired' }),
      }),
    ),
    expiringSoon: z.boolean().meta({
      description: `A certificate has expired or expires within ${NETWORK_LIMITS.certificateWarningDays} days: it needs renewing`,
    }),
    phoneMasked: z.string(),
  })
  .meta({ id: 'Engineer' });

export type OutletView = z.infer<typeof OutletView>;
export type EngineerView = z.infer<typeof EngineerView>;

// ---- Inputs ---------------------------------------------------------------------------------------------------

const PersonName = z.string().trim().min(1, '请填写姓名').max(LIMITS.nameMax, `姓名最多 ${LIMITS.nameMax} 个字`);

/** Staff sign-in name: lower-case letters, digits, `.`, `_` and `-` (stored lower-case, unique). */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, '用户名至少 3 个字符')
  .max(LIMITS.usernameMax, `用户名最多 ${LIMITS.usernameMax} 个字符`)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, '用户名只能包含字母、数字、点、下划线和连字符，且以字母或数字开头');

export const InitialPassword = z
  .string()
  .min(LIMITS.passwordMin, `密码至少 ${LIMITS.passwordMin} 位`)
  .max(LIMITS.passwordMax, `密码最多 ${LIMITS.passwordMax} 位`);

export const EmployeeNo = z
  .string()
  .trim()
  .toUpperCase()
  .min(2, '工号至少 2 个字符')
  .max(32, '工号最多 32 个字符')
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, '工号只能包含字母、数字和连字符');

/** A photo: an uploaded image (`/api/v1/uploads/<id>`) or an https address. Nothing else reaches an `<img src>`. */
export const PhotoUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^(\/api\/v1\/uploads\/[0-9a-f]{24}|https:\/\/[^\s"'<>]+)$/, '照片地址应为上传后的图片地址或 https 链接');

const Level = z.number().int('等级应为整数').min(1, '等级为 1–5').max(5, '等级为 1–5');

/** An instant with its offset, ISO 8601: `2026-06-30T23:59:59+08:00`. */
export const Instant = z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601，例如 2026-06-30T23:59:59+08:00' });

export const CreateEngineerBody = z
  .object({
    username: Username,
    password: InitialPassword,
    name: PersonName,
    phone: Phone,
    employeeNo: EmployeeNo,
    level: Level.default(1),
    outletId: ObjectId.optional().meta({ description: 'Required for platform admins; managers always create in their own outlet' }),
    photoUrl: PhotoUrl.optional(),
  })
  .meta({ id: 'CreateEngineerBody' });

export const UpdateEngineerBody = z
  .object({
    name: PersonName,
    phone: Phone,
    level: Level,
    photoUrl: PhotoUrl.nullable(),
    outletId: ObjectId.meta({ description: 'Platform admins only: moves the engineer (and their account) to another outlet' }),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, '至少修改一个字段')
  .meta({ id: 'UpdateEngineerBody' });

export const SkillInput = z.object({
  category: z.enum(CATEGORY_CODES),
  assessedAt: Instant.meta({ description: 'When the assessment took place (not in the future)' }),
  score: z.number().int('分数应为整数').min(0, '分数为 0–100').max(100, '分数为 0–100'),
});

export const EngineerSkillsBody = z
  .object({
    skills: z
      .array(SkillInput)
      .max(CATEGORY_CODES.length)
      .superRefine((skills, ctx) => {
        const seen = new Set<string>();
        skills.forEach((s, i) => {
          if (seen.has(s.category)) ctx.addIssue({ code: 'custom', path: [i, 'category'], message: '每个品类只能有一条考核记录' });
          seen.add(s.category);
        });
      }),
  })
  .meta({
    id: 'EngineerSkillsBody',
    description: `The whole list replaces the current one. A score ≥ ${NETWORK_LIMITS.skillPassScore} is a pass; failed assessments are kept for the record but make nobody eligible.`,
  });

export const CertificateInput = z.object({
  type: z.enum(CERTIFICATE_TYPE_CODES),
  number: z.string().trim().min(1, '请填写证书编号').max(40, '证书编号最多 40 个字符'),
  expiresAt: Instant,
});

export const EngineerCertificatesBody = z
  .object({
    certificates: z
      .array(CertificateInput)
      .max(NETWORK_LIMITS.certificatesMax)
      .superRefine((certs, ctx) => {
        const seen = new Set<string>();
        certs.forEach((c, i) => {
          if (seen.has(c.type)) ctx.addIssue({ code: 'custom', path: [i, 'type'], message: '每类证书只能登记一张（请保留最新的一张）' });
          seen.add(c.type);
        });
      }),
  })
  .meta({ id: 'EngineerCertificatesBody', description: 'The whole list replaces the current one; one certificate per type.' });

export const SuspendEngineerBody = z
  .object({ reason: z.string().trim().min(2, '请填写停职原因').max(200, '原因最多 200 个字') })
  .meta({ id: 'SuspendEngineerBody' });

const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const EngineerListQuery = Pagination.extend({
  status: EngineerStatus.optional(),
  category: z.enum(CATEGORY_CODES).optional().meta({ description: 'Engineers who passed this category’s assessment' }),
  q: z.string().trim().min(1).max(40).optional().meta({ description: 'Part of the name or employee number, case-insensitive' }),
  expiringSoon: BoolParam.optional().meta({
    description: `true: a certificate has expired or expires within ${NETWORK_LIMITS.certificateWarningDays} days; false: none does`,
  }),
});

export const EngineerContactView = z
  .object({ engineerId: ObjectId, name: z.string(), employeeNo: z.string(), phone: z.string() })
  .meta({ id: 'EngineerContact' });

export const OutletCode = z
  .string()
  .trim()
  .toUpperCase()
  .min(2, '网点代码至少 2 个字符')
  .max(20, '网点代码最多 20 个字符')
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, '网点代码只能包含字母、数字和连字符');

/** A landline (`0571-88886666`) or a mobile number. */
export const ContactPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})$/, '请输入手机号、座机号（如 0571-88886666）或 400 电话');

const outletFields = {
  name: z.string().trim().min(2, '网点名称至少 2 个字').max(40, '网点名称最多 40 个字'),
  city: z.string().trim().min(2, '请填写城市').max(20),
  address: z.string().trim().min(5, '地址至少 5 个字').max(120, '地址最多 120 个字'),
  phone: ContactPhone,
  slotCapacity: z
    .number()
    .int('容量应为整数')
    .min(0, `容量为 0–${NETWORK_LIMITS.slotCapacityMax}`)
    .max(NETWORK_LIMITS.slotCapacityMax, `容量为 0–${NETWORK_LIMITS.slotCapacityMax}`),
  eveningWindows: z
    .array(z.enum(EVENING_WINDOW_CODES))
    .max(EVENING_WINDOW_CODES.length)
    .refine((codes) => new Set(codes).size === codes.length, '晚间时段不能重复')
    .meta({ description: 'Evening windows the outlet opens for booking (18-20, 19-21)' }),
};

export const DistrictCodes = z
  .array(DistrictCode)
  .min(NETWORK_LIMITS.coverageMin, '至少覆盖 1 个区县')
  .max(NETWORK_LIMITS.coverageMax, `最多覆盖 ${NETWORK_LIMITS.coverageMax} 个区县`)
  .superRefine((codes, ctx) => {
    const seen = new Set<string>();
    codes.forEach((code, i) => {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', path: [i], message: `区县 ${code} 重复` });
      seen.add(code);
    });
  });

export const CreateOutletBody = z
  .object({
    code: OutletCode,
    ...outletFields,
    slotCapacity: outletFields.slotCapacity.default(3),
    eveningWindows: outletFields.eveningWindows.default([]),
    districtCodes: DistrictCodes.optional().meta({ description: 'Coverage; can also be set later with PUT /outlets/{id}/coverage' }),
  })
  .meta({ id: 'CreateOutletBody' });

export const UpdateOutletBody = z
  .object(outletFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, '至少修改一个字段')
  .meta({ id: 'UpdateOutletBody' });

export const OutletCoverageBody = z.object({ districtCodes: DistrictCodes }).meta({ id: 'OutletCoverageBody' });

export const CoverageWarning = z.object({
  code: z.literal('district_uncovered'),
  districtCode: DistrictCode,
  districtName: z.string().nullable(),
  message: z.string(),
});

export const OutletCoverageResult = z
  .object({
    outlet: OutletView,
    warnings: z.array(CoverageWarning).meta({ description: 'Districts this change left without any outlet: new bookings there get 422 outside_coverage' }),
  })
  .meta({ id: 'OutletCoverageResult' });

/** One level of the district picker: provinces → cities → districts. */
export const RegionNodeView = z
  .object({
    code: z.string(),
    name: z.string(),
    get children(): z.ZodArray<typeof RegionNodeView> {
      return z.array(RegionNodeView);
    },
  })
  .meta({ id: 'RegionNode' });

export const RegionList = z.object({ items: z.array(RegionNodeView) }).meta({ id: 'RegionList' });

export const OutletList = z.object({ items: z.array(OutletView) }).meta({ id: 'OutletList' });

// ---- Slot capacity ----------------------------------------------------------------------------------------------

/** An outlet's calendar: per day and window, what is left to book. */
export const OutletSlotCalendar = z.object({ days: z.array(DayAvailability) }).meta({ id: 'OutletSlotCalendar' });

export const OutletDayParams = IdParams.extend({ day: Day });

export const DayCapacityBody = z
  .object({
    windows: z.partialRecord(
      z.enum(SLOT_WINDOW_CODES),
      z.number().int().min(0).max(NETWORK_LIMITS.slotCapacityMax),
    ),
  })
  .meta({ id: 'DayCapacityBody' });

/** One window of an outlet's day: its capacity and the bookings it holds. */
export const SlotCapacity = z
  .object({ window: z.enum(SLOT_WINDOW_CODES), capacity: z.number().int(), booked: z.number().int() })
  .meta({ id: 'SlotCapacity' });

export const DayCapacityResult = z
  .object({ slots: z.array(SlotCapacity).meta({ description: 'The day’s windows that have a capacity of their own' }) })
  .meta({ id: 'DayCapacityResult' });

export type CreateEngineerBody = z.infer<typeof CreateEngineerBody>;
export type UpdateEngineerBody = z.infer<typeof UpdateEngineerBody>;
export type EngineerSkillsBody = z.infer<typeof EngineerSkillsBody>;
export type EngineerCertificatesBody = z.infer<typeof EngineerCertificatesBody>;
export type SuspendEngineerBody = z.infer<typeof SuspendEngineerBody>;
export type EngineerListQuery = z.infer<typeof EngineerListQuery>;
export type EngineerContactView = z.infer<typeof EngineerContactView>;
export type CreateOutletBody = z.infer<typeof CreateOutletBody>;
export type UpdateOutletBody = z.infer<typeof UpdateOutletBody>;
export type OutletCoverageBody = z.infer<typeof OutletCoverageBody>;
export type OutletCoverageResult = z.infer<typeof OutletCoverageResult>;
export type CoverageWarning = z.infer<typeof CoverageWarning>;
export type RegionList = z.infer<typeof RegionList>;
export type OutletList = z.infer<typeof OutletList>;
export type OutletSlotCalendar = z.infer<typeof OutletSlotCalendar>;
export type DayCapacityBody = z.infer<typeof DayCapacityBody>;
export type SlotCapacity = z.infer<typeof SlotCapacity>;
export type DayCapacityResult = z.infer<typeof DayCapacityResult>;
