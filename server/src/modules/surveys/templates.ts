import { Types } from 'mongoose';
import { SURVEY_ELEMENTS, SURVEY_LIMITS, type SurveyTemplateInput, type SurveyTemplatePatch, type SurveyTemplateView } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { Clock } from '../../lib/clock';
import { recordAudit, type AuditInput } from '../audit/service';
import { SurveyDefault, SurveyTemplate, type SurveyTemplateRecord } from './model';

const DEFAULT_POINTER = 'default';
const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

export const PROBLEM_SOLVED_QUESTION = '本次服务是否解决了您的问题？';

/** The published S7 questionnaire: the nine elements, 1–5 each, the yes/no problem question, 0–10 recommendation, a comment. */
export const STANDARD_TEMPLATE: SurveyTemplateInput = {
  code: 'standard-s7',
  name: '标准满意度评价（九要素）',
  elements: SURVEY_ELEMENTS.map((e) => ({ key: e.key, label: e.label, labelEn: e.labelEn })),
  askRecommendation: true,
  recommendationQuestion: '您有多大可能向亲友推荐我们的服务？',
  active: true,
};

export function presentTemplate(t: SurveyTemplateRecord, defaultId: string | null): SurveyTemplateView {
  return {
    id: String(t._id),
    code: t.code,
    name: t.name,
    elements: t.elements.map((e) => ({ key: e.key, label: e.label, labelEn: e.labelEn ?? '' })),
    scale: { min: SURVEY_LIMITS.scoreMin, max: SURVEY_LIMITS.scoreMax },
    problemSolvedQuestion: PROBLEM_SOLVED_QUESTION,
    askRecommendation: t.askRecommendation,
    recommendationQuestion: t.recommendationQuestion,
    commentMax: SURVEY_LIMITS.commentMax,
    active: t.active,
    isDefault: defaultId === String(t._id),
    inUse: t.usedAt !== null && t.usedAt !== undefined,
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  };
}

/** The id of the default template, or null before one was ever set. */
export async function defaultId(): Promise<string | null> {
  const pointer = await SurveyDefault.findById(DEFAULT_POINTER).lean();
  return pointer ? String(pointer.templateId) : null;
}

/**
 * Makes sure the standard template exists and that some template is the default (the standard one when none is).
 * Idempotent and safe when several instances start at once: the template is upserted by its unique code, the
 * pointer only inserted when missing. Called by the seed and lazily on first use, so a fresh database works too.
 */
export async function ensureDefaultSurveyTemplate(clock: Clock): Promise<SurveyTemplateRecord> {
  const now = clock.now();
  let standard: SurveyTemplateRecord | null = null;
  for (let attempt = 0; attempt < 2 && !standard; attempt++) {
    try {
      standard = await SurveyTemplate.findOneAndUpdate(
        { code: STANDARD_TEMPLATE.code },
        { $setOnInsert: { ...STANDARD_TEMPLATE, revision: 1, usedAt: null } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // another instance inserted it first: read it on the next attempt
    }
  }
  if (!standard) throw new AppError('conflict', '默认问卷初始化冲突，请重试');
  try {
    await SurveyDefault.updateOne({ _id: DEFAULT_POINTER }, { $setOnInsert: { templateId: standard._id, updatedAt: now } }, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const current = await SurveyDefault.findById(DEFAULT_POINTER).lean();
  const template = current ? await SurveyTemplate.findById(current.templateId).lean<SurveyTemplateRecord>() : null;
  return template ?? standard;
}

/** The template customers answer now. */
export async function getDefaultTemplate(clock: Clock): Promise<SurveyTemplateRecord> {
  const id = await defaultId();
  const template = id ? await SurveyTemplate.findById(id).lean<SurveyTemplateRecord>() : null;
  return template ?? ensureDefaultSurveyTemplate(clock);
}

export async function findTemplate(id: string | Types.ObjectId): Promise<SurveyTemplateRecord | null> {
  return SurveyTemplate.findById(id).lean<SurveyTemplateRecord>();
}

async function loadOr404(id: string): Promise<SurveyTemplateRecord> {
  const template = await findTemplate(id);
  if (!template) throw new AppError('not_found', '问卷模板不存在');
  return template;
}

export async function listTemplates(clock: Clock): Promise<{ items: SurveyTemplateView[] }> {
  await getDefaultTemplate(clock);
  const [items, current] = await Promise.all([SurveyTemplate.find().sort({ createdAt: -1, _id: -1 }).lean<SurveyTemplateRecord[]>(), defaultId()]);
  return { items: items.map((t) => presentTemplate(t, current)) };
}

export async function getTemplate(id: string): Promise<SurveyTemplateView> {
  return presentTemplate(await loadOr404(id), await defaultId());
}

type Audit = Omit<AuditInput, 'action' | 'target' | 'data'>;

export async function createTemplate(clock: Clock, input: SurveyTemplateInput, audit: Audit): Promise<SurveyTemplateView> {
  let created: SurveyTemplateRecord;
  try {
    created = (await SurveyTemplate.create({ ...input, elements: input.elements.map((e) => ({ ...e, labelEn: e.labelEn ?? '' })), revision: 1, usedAt: null })).toObject() as SurveyTemplateRecord;
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('conflict', `模板代码 ${input.code} 已存在`);
    throw err;
  }
  await recordAudit(clock, { ...audit, action: 'survey_template.create', target: `survey_template:${input.code}`, data: { id: String(created._id) } });
  return presentTemplate(created, await defaultId());
}

/**
 * Edits a template. Its name and whether it is active can always change; its questions only while nobody has
 * answered with it (a compare-and-set on `usedAt`), since every survey must keep meaning what was asked.
 */
export async function updateTemplate(clock: Clock, id: string, patch: SurveyTemplatePatch, audit: Audit): Promise<SurveyTemplateView> {
  const template = await loadOr404(id);
  const current = await defaultId();
  if (patch.active === false && current === id) throw new AppError('conflict', '默认问卷不能停用，请先设置其他默认问卷');
  const questionsChange = patch.elements !== undefined || patch.askRecommendation !== undefined || patch.recommendationQuestion !== undefined;
  const set: Record<string, unknown> = { ...patch };
  if (patch.elements) set.elements = patch.elements.map((e) => ({ ...e, labelEn: e.labelEn ?? '' }));
  const updated = await SurveyTemplate.findOneAndUpdate(
    { _id: template._id, ...(questionsChange ? { usedAt: null } : {}) },
    { $set: set, $inc: { revision: 1 } },
    { returnDocument: 'after', lean: true },
  );
  if (!updated) throw new AppError('conflict', '已有客户使用此问卷作答，题目不能再修改；请新建问卷模板并设为默认');
  await recordAudit(clock, { ...audit, action: 'survey_template.update', target: `survey_template:${template.code}`, data: { fields: Object.keys(patch) } });
  return presentTemplate(updated as SurveyTemplateRecord, current);
}

/** Deletes a template nobody answered with and that is not the default. */
export async function deleteTemplate(clock: Clock, id: string, audit: Audit): Promise<void> {
  const template = await loadOr404(id);
  if ((await defaultId()) === id) throw new AppError('conflict', '默认问卷不能删除');
  const res = await SurveyTemplate.deleteOne({ _id: template._id, usedAt: null });
  if (res.deletedCount !== 1) throw new AppError('conflict', '已有客户使用此问卷作答，不能删除；可将其停用');
  await recordAudit(clock, { ...audit, action: 'survey_template.delete', target: `survey_template:${template.code}`, data: { id } });
}

/** Makes an active template the default: one atomic update of the pointer. */
export async function setDefaultTemplate(clock: Clock, id: string, audit: Audit): Promise<SurveyTemplateView> {
  const template = await loadOr404(id);
  if (!template.active) throw new AppError('conflict', '停用的问卷不能设为默认');
  await SurveyDefault.updateOne({ _id: DEFAULT_POINTER }, { $set: { templateId: template._id, updatedAt: clock.now() } }, { upsert: true });
  await recordAudit(clock, { ...audit, action: 'survey_template.set_default', target: `survey_template:${template.code}`, data: { id } });
  return presentTemplate(template, id);
}

/**
 * Freezes the template's questions for an answer validated against `revision`. False when the template was edited
 * in between: the caller validates again against the new questions.
 */
export async function freezeTemplate(template: SurveyTemplateRecord, now: Date): Promise<boolean> {
  if (template.usedAt) return true;
  const res = await SurveyTemplate.updateOne({ _id: template._id, revision: template.revision, usedAt: null }, { $set: { usedAt: now } });
  if (res.matchedCount === 1) return true;
  // Frozen at this same revision by a concurrent answer: still the questions this answer was checked against.
  return (await SurveyTemplate.exists({ _id: template._id, revision: template.revision })) !== null;
}
