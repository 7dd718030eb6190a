import { SubmitSurveyBody, type SurveyElementKey, type SurveyTemplateView } from '@fangxin/shared'
import { issuesToFieldErrors, type FieldErrors } from '@/utils/form-errors'

export interface SurveyAnswers {
  scores: Partial<Record<SurveyElementKey, number>>
  problemSolved: boolean | null
  recommendation: number | null
  comment: string
}

export const EMPTY_ANSWERS: SurveyAnswers = { scores: {}, problemSolved: null, recommendation: null, comment: '' }

/**
 * The body to send, or what is missing: every element the template asks must be scored, and whether the problem
 * was solved must be answered (the shared schema checks ranges and lengths; the template decides which elements).
 */
export function checkSurvey(template: SurveyTemplateView, answers: SurveyAnswers): { ok: true; body: SubmitSurveyBody } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {}
  for (const e of template.elements) {
    if (answers.scores[e.key] === undefined) fields[`scores.${e.key}`] = `请为“${e.label}”打分`
  }
  if (answers.problemSolved === null) fields.problemSolved = '请选择问题是否已解决'
  const parsed = SubmitSurveyBody.safeParse({
    templateId: template.id,
    scores: Object.fromEntries(template.elements.flatMap((e) => (answers.scores[e.key] === undefined ? [] : [[e.key, answers.scores[e.key]]]))),
    problemSolved: answers.problemSolved ?? undefined,
    recommendation: template.askRecommendation ? answers.recommendation : undefined,
    comment: answers.comment.trim() || undefined,
  })
  if (!parsed.success) {
    for (const [path, message] of Object.entries(issuesToFieldErrors(parsed.error.issues))) fields[path] ??= message
  }
  if (Object.keys(fields).length > 0 || !parsed.success) return { ok: false, fields }
  return { ok: true, body: parsed.data }
}
