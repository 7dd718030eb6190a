import { describe, expect, it } from 'vitest'
import type { SurveyTemplateView } from '@fangxin/shared'
import { checkSurvey, EMPTY_ANSWERS } from '../answers'

const TEMPLATE: SurveyTemplateView = {
  id: '64b7f0c2a1b2c3d4e5f60010',
  code: 'default',
  name: '默认问卷',
  elements: [
    { key: 'punctuality', label: '准时上门', labelEn: 'Punctuality' },
    { key: 'overall', label: '总体满意度', labelEn: 'Overall' },
  ],
  scale: { min: 1, max: 5 },
  problemSolvedQuestion: '问题解决了吗？',
  askRecommendation: true,
  recommendationQuestion: '您会推荐吗？',
  commentMax: 500,
  active: true,
  isDefault: true,
  inUse: false,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
}

describe('checkSurvey', () => {
  it('asks for every element of the template and the problem-solved answer', () => {
    expect(checkSurvey(TEMPLATE, EMPTY_ANSWERS)).toEqual({
      ok: false,
      fields: { 'scores.punctuality': '请为“准时上门”打分', 'scores.overall': '请为“总体满意度”打分', problemSolved: '请选择问题是否已解决' },
    })
  })

  it('builds the body with the template id, the scores asked, the recommendation and a trimmed comment', () => {
    const result = checkSurvey(TEMPLATE, { scores: { punctuality: 5, overall: 4 }, problemSolved: true, recommendation: 9, comment: '  很专业 ' })
    expect(result).toEqual({
      ok: true,
      body: { templateId: TEMPLATE.id, scores: { punctuality: 5, overall: 4 }, problemSolved: true, recommendation: 9, comment: '很专业' },
    })
  })

  it('leaves the recommendation out when the template does not ask it', () => {
    const result = checkSurvey({ ...TEMPLATE, askRecommendation: false }, { scores: { punctuality: 3, overall: 3 }, problemSolved: false, recommendation: 7, comment: '' })
    expect(result.ok && result.body.recommendation).toBeUndefined()
  })
})
