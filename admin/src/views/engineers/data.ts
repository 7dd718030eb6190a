import {
  addDays,
  APPLIANCE_CATEGORIES,
  categoryName,
  CERTIFICATE_TYPES,
  CreateEngineerBody,
  isSkillPassed,
  NETWORK_LIMITS,
  qualityScoreText,
  shanghaiDayStart,
  UpdateEngineerBody,
  type CategoryCode,
  type CertificateType,
  type EngineerCertificatesBody,
  type EngineerPublicProfile,
  type EngineerSkillsBody,
  type EngineerView,
  type OutletView,
} from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { putEngineerCertificates, putEngineerSkills } from '@/api/engineers';
import { outletColumn, type Column, type FilterField } from '@/composables/useResourceList';
import type { SchemaFormConfig } from '@/composables/useSchemaForm';
import { formatDay } from '@/utils/format';
import { i18n } from '@/locales';
import { zodRule } from '@/utils/zodRules';

const DAY_MS = 86_400_000;

/** Certificates expiring within this many days are flagged, so the outlet renews them before orders stop (S6). */
export const CERT_WARNING_DAYS = NETWORK_LIMITS.certificateWarningDays;

export type CertificateState = 'expired' | 'expiring' | 'valid';

export function certificateState(expiresAt: string, now: number = Date.now()): { state: CertificateState; daysLeft: number } {
  const daysLeft = Math.floor((new Date(expiresAt).getTime() - now) / DAY_MS);
  const state: CertificateState = new Date(expiresAt).getTime() <= now ? 'expired' : daysLeft <= CERT_WARNING_DAYS ? 'expiring' : 'valid';
  return { state, daysLeft };
}

/** The worst certificate state of an engineer, for one warning in a list row. */
export function worstCertificate(engineer: Pick<EngineerView, 'certificates'>, now: number = Date.now()): CertificateState | null {
  const states = engineer.certificates.map((c) => certificateState(c.expiresAt, now).state);
  if (states.includes('expired')) return 'expired';
  if (states.includes('expiring')) return 'expiring';
  return states.length ? 'valid' : null;
}

export const certificateTagType = { expired: 'danger', expiring: 'warning', valid: 'success' } as const satisfies Record<
  CertificateState,
  string
>;

/**
 * What a customer sees when scanning this engineer's card (the server's EngineerPublicProfile), built from the
 * staff view so the preview follows edits live. The rating is the quality score when known.
 */
export function toPublicProfile(
  engineer: EngineerView,
  outlet: Pick<OutletView, 'id' | 'name'> | null,
  rating: number | null = null,
  now: number = Date.now(),
): EngineerPublicProfile & { ratingKnown: boolean } {
  return {
    id: engineer.id,
    name: engineer.name,
    initials: Array.from(engineer.name)[0] ?? '?',
    photoUrl: engineer.photoUrl ?? null,
    employeeNo: engineer.employeeNo,
    outlet: { id: outlet?.id ?? engineer.outletId, name: outlet?.name ?? '—' },
    // Only passed assessments qualify an engineer (S6); failed ones stay on record but not on the card.
    skills: engineer.skills.filter((s) => isSkillPassed(s.score)).map((s) => ({ category: s.category, name: categoryName(s.category) })),
    certificates: engineer.certificates.map((c) => ({
      type: c.type,
      name: CERTIFICATE_TYPES.find((x) => x.code === c.type)?.name ?? c.type,
      number: c.number,
      expiresAt: c.expiresAt,
      valid: new Date(c.expiresAt).getTime() > now,
    })),
    level: engineer.level,
    rating,
    ratingKnown: rating !== null,
    status: engineer.status,
  };
}

/**
 * A QR-looking module grid for the preview: the three finder squares of a real QR code and a pattern seeded by the
 * serial. It encodes nothing; the live code is the engineer app's signed, 60-second token.
 */
export function sampleQrModules(seed: string, size = 25): boolean[][] {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const next = () => {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    return (h >>> 0) / 4294967296;
  };
  const finder = (r: number, c: number) => {
    for (const [or, oc] of [
      [0, 0],
      [0, size - 7],
      [size - 7, 0],
    ] as const) {
      const y = r - or;
      const x = c - oc;
      if (y >= 0 && y < 7 && x >= 0 && x < 7) {
        const edge = y === 0 || y === 6 || x === 0 || x === 6;
        const core = y >= 2 && y <= 4 && x >= 2 && x <= 4;
        return edge || core;
      }
      if (y >= -1 && y <= 7 && x >= -1 && x <= 7) return false;
    }
    return null;
  };
  return Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) => finder(r, c) ?? next() < 0.5),
  );
}

// ---- Forms -----------------------------------------------------------------------------------------------------

export interface EngineerForm {
  username: string;
  password: string;
  name: string;
  phone: string;
  employeeNo: string;
  level: number;
  outletId: string;
  photoUrl: string | null;
}

export function emptyEngineerForm(outletId = ''): EngineerForm {
  return { username: '', password: '', name: '', phone: '', employeeNo: '', level: 1, outletId, photoUrl: null };
}

export function engineerToForm(engineer: EngineerView): EngineerForm {
  return { ...emptyEngineerForm(engineer.outletId), name: engineer.name, level: engineer.level, photoUrl: engineer.photoUrl ?? null, employeeNo: engineer.employeeNo };
}

export function formToCreate(form: EngineerForm, isAdmin: boolean): CreateEngineerBody {
  return {
    username: form.username.trim(),
    password: form.password,
    name: form.name.trim(),
    phone: form.phone.trim(),
    employeeNo: form.employeeNo.trim(),
    level: form.level,
    ...(isAdmin && form.outletId ? { outletId: form.outletId } : {}),
    ...(form.photoUrl ? { photoUrl: form.photoUrl } : {}),
  };
}

/** Changed fields only; an empty phone keeps the current one (the form never sees the full number). */
export function formToUpdate(engineer: EngineerView, form: EngineerForm, isAdmin: boolean): UpdateEngineerBody | null {
  const patch: UpdateEngineerBody = {};
  if (form.name.trim() !== engineer.name) patch.name = form.name.trim();
  if (form.phone.trim()) patch.phone = form.phone.trim();
  if (form.level !== engineer.level) patch.level = form.level;
  if ((form.photoUrl ?? null) !== (engineer.photoUrl ?? null)) patch.photoUrl = form.photoUrl;
  if (isAdmin && form.outletId && form.outletId !== engineer.outletId) patch.outletId = form.outletId;
  return Object.keys(patch).length ? patch : null;
}

export function engineerRules(t: (key: string) => string, creating: boolean): FormRules<EngineerForm> {
  const phone = zodRule(CreateEngineerBody, 'phone', t('engineers.phone'));
  return {
    name: [zodRule(CreateEngineerBody, 'name', t('engineers.name'))],
    level: [zodRule(CreateEngineerBody, 'level', t('engineers.level'), 'change')],
    // Editing: an empty phone means "unchanged"; anything typed must be a valid number.
    phone: [creating ? phone : { trigger: 'blur', validator: (r, v, cb, s, o) => (v ? phone.validator!(r, v, cb, s, o) : cb()) }],
    ...(creating
      ? {
          username: [zodRule(CreateEngineerBody, 'username', t('engineers.username'))],
          password: [zodRule(CreateEngineerBody, 'password', t('engineers.password'))],
          employeeNo: [zodRule(CreateEngineerBody, 'employeeNo', t('engineers.employeeNo'))],
        }
      : {}),
  };
}

export interface SkillRow {
  category: CategoryCode | '';
  day: string;
  score: number;
}

export interface CertificateRow {
  type: CertificateType | '';
  number: string;
  day: string;
}

/** A day picked in Shanghai as an instant with its offset, as the server's schema asks. */
export const dayStart = (day: string) => shanghaiDayStart(day).toISOString();
/** The last second of a Shanghai day (a certificate is valid through its expiry day). */
export const dayEnd = (day: string) => new Date(shanghaiDayStart(addDays(day, 1)).getTime() - 1000).toISOString();

export function skillsBody(rows: SkillRow[]): EngineerSkillsBody {
  return { skills: rows.map((r) => ({ category: r.category as CategoryCode, assessedAt: dayStart(r.day), score: r.score })) };
}

export function certificatesBody(rows: CertificateRow[]): EngineerCertificatesBody {
  return { certificates: rows.map((r) => ({ type: r.type as CertificateType, number: r.number.trim(), expiresAt: dayEnd(r.day) })) };
}

/** Row problems the form can name before the server does: blanks and duplicates. */
export function rowProblems<R extends object>(rows: R[], key: keyof R, required: Array<keyof R>): string | null {
  const { t } = i18n.global;
  if (rows.some((r) => required.some((k) => r[k] === '' || r[k] === null || r[k] === undefined))) return t('engineers.rowsIncomplete');
  const values = rows.map((r) => r[key]);
  if (new Set(values).size !== values.length) return t('engineers.rowsDuplicate');
  return null;
}

// ---- The list ----------------------------------------------------------------------------------------------------

export const engineerFilters: FilterField[] = [
  { key: 'q', label: 'engineers.search', widget: 'search', placeholder: 'engineers.searchPlaceholder', width: '170px' },
  { key: 'category', label: 'engineers.skillCategory', widget: 'select', width: '130px', options: ({ label }) => APPLIANCE_CATEGORIES.map((c) => ({ value: c.code, label: label('category', c.code) })) },
  { key: 'expiringSoon', label: 'engineers.expiringOnly', widget: 'switch' },
  {
    key: 'status',
    label: 'engineers.status',
    widget: 'select',
    placeholder: 'engineers.statusPlaceholder',
    width: '160px',
    options: ({ label }) => (['active', 'suspended'] as const).map((s) => ({ value: s, label: label('engineerStatus', s) })),
  },
];

/**
 * Name, skills, certificates and actions are the list's slots (links and chips). The widths add up to 1,136 px, so the
 * table fits the 1440 px layout without scrolling sideways (chips wrap inside their cells), and every column is wide
 * enough for the longest word of its English header.
 */
export const engineerColumns: Column<EngineerView>[] = [
  { key: 'name', label: 'engineers.name', minWidth: 100 },
  { key: 'employeeNo', label: 'engineers.employeeNo', prop: 'employeeNo', width: 104 },
  outletColumn('engineers.outlet', 120),
  { key: 'level', label: 'engineers.level', prop: 'level', width: 70, align: 'center' },
  { key: 'rating', label: 'engineers.rating', width: 84, align: 'right', text: (row) => qualityScoreText(row.qualityScore) },
  { key: 'status', label: 'engineers.status', width: 96, tag: (row, { label }) => ({ type: row.status === 'active' ? 'success' : 'danger', text: label('engineerStatus', row.status) }) },
  { key: 'skills', label: 'engineers.skills', minWidth: 160 },
  { key: 'certificates', label: 'engineers.certificates', minWidth: 196 },
  { key: 'phone', label: 'engineers.phone', prop: 'phoneMasked', width: 116 },
  { key: 'actions', label: 'common.actions', width: 90, fixed: 'right' },
];

// ---- Skills and certificates -------------------------------------------------------------------------------------

/** Skill assessments (S6): one per category; a score at or above the pass mark qualifies the engineer for it. */
export function skillsDialog(engineer: EngineerView): SchemaFormConfig<{ rows: SkillRow[] }, EngineerView> {
  return {
    title: (t) => t('engineers.editSkills'),
    width: '640px',
    fields: [],
    initial: () => ({ rows: engineer.skills.map((s) => ({ category: s.category, day: formatDay(s.assessedAt), score: s.score })) }),
    check: (form) => rowProblems(form.rows, 'category', ['category', 'day']),
    checkShownAs: 'alert',
    submit: (form) => putEngineerSkills(engineer.id, skillsBody(form.rows)),
    success: () => i18n.global.t('common.saved'),
  };
}

/** Certificates with their expiry (S6): one per type; expired or soon-expiring ones are flagged as they are typed. */
export function certificatesDialog(engineer: EngineerView): SchemaFormConfig<{ rows: CertificateRow[] }, EngineerView> {
  return {
    title: (t) => t('engineers.editCertificates'),
    width: '680px',
    fields: [],
    initial: () => ({ rows: engineer.certificates.map((c) => ({ type: c.type, number: c.number, day: formatDay(c.expiresAt) })) }),
    check: (form) => rowProblems(form.rows, 'type', ['type', 'number', 'day']),
    checkShownAs: 'alert',
    submit: (form) => putEngineerCertificates(engineer.id, certificatesBody(form.rows)),
    success: () => i18n.global.t('common.saved'),
  };
}
