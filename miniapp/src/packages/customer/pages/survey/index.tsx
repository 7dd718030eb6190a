import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { SURVEY_ELEMENT_LABELS, SURVEY_LIMITS, type OrderSurveyView, type SubmitSurveyResult, type SurveyElementKey } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { FormField } from '@/components/FormField'
import { PageShell } from '@/components/PageShell'
import { useAsync } from '@/hooks/useAsync'
import { navigateTo, redirectTo, ROUTES, usePageParams } from '@/platform/navigation'
import { toastSuccess } from '@/platform/toast'
import { qualityApi } from '@/services/quality'
import { Button } from '@/ui/Button'
import { Empty } from '@/ui/Empty'
import { RadioGroup } from '@/ui/Radio'
import { Rate } from '@/ui/Rate'
import { TextArea } from '@/ui/TextArea'
import { dateTime } from '@/utils/format'
import { NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'
import { checkSurvey, EMPTY_ANSWERS, type SurveyAnswers } from './answers'
import './index.scss'

const REASON_TEXT = {
  not_closed: '订单确认完成后才能评价',
  window_closed: '评价已超过期限',
  submitted: '您已评价过本次服务',
} as const

const RECOMMEND_OPTIONS = Array.from({ length: 11 }, (_, i) => ({ label: String(i), value: String(i) }))

/** After a low result (S7): an apology and the two ways forward, a free second visit or a complaint. */
function FollowUp({ orderId, result }: { orderId: string; result: SubmitSurveyResult }) {
  if (!result.followUp) {
    return (
      <View className='card survey__thanks'>
        <Text className='survey__thanks-title'>感谢您的评价！</Text>
        <Text className='muted'>您的反馈将帮助我们持续改进服务。</Text>
        <Button type='primary' block onClick={() => redirectTo(ROUTES.order, { id: orderId })}>
          返回订单
        </Button>
      </View>
    )
  }
  return (
    <View className='card survey__thanks'>
      <Text className='survey__thanks-title'>很抱歉这次服务没有让您满意</Text>
      <Text className='muted'>网点将安排专人回访。您也可以：</Text>
      {result.followUp.canRequestRework ? (
        <Button type='primary' block onClick={() => redirectTo(ROUTES.rework, { orderId })}>
          申请免费二次上门
        </Button>
      ) : null}
      <Button type='danger' fill='outline' block onClick={() => redirectTo(ROUTES.complaint, { orderId })}>
        投诉
      </Button>
      <Button block onClick={() => redirectTo(ROUTES.order, { id: orderId })}>
        返回订单
      </Button>
    </View>
  )
}

function Answered({ view }: { view: OrderSurveyView }) {
  const s = view.survey!
  return (
    <View className='card'>
      <Text className='card-title'>您的评价（{dateTime(s.submittedAt)}）</Text>
      {Object.entries(s.scores).map(([key, score]) => (
        <View key={key} className='survey__row'>
          <Text className='survey__row-label'>{SURVEY_ELEMENT_LABELS[key as SurveyElementKey] ?? key}</Text>
          <Rate value={score} readOnly />
        </View>
      ))}
      <View className='survey__answers'>
        <View className='survey__answer'>
          <Text className='survey__answer-label'>问题是否解决</Text>
          <Text className='survey__answer-value'>{s.problemSolved ? '已解决' : '未解决'}</Text>
        </View>
        {s.recommendation !== null ? (
          <View className='survey__answer'>
            <Text className='survey__answer-label'>推荐给亲友的意愿</Text>
            <Text className='survey__answer-value'>{s.recommendation} 分（满分 {SURVEY_LIMITS.recommendationMax} 分）</Text>
          </View>
        ) : null}
        {s.comment ? (
          <View className='survey__answer survey__answer--block'>
            <Text className='survey__answer-label'>您的评语</Text>
            <Text className='survey__answer-value'>{s.comment}</Text>
          </View>
        ) : null}
      </View>
    </View>
  )
}

function SurveyForm({ view, onDone }: { view: OrderSurveyView; onDone(result: SubmitSurveyResult): void }) {
  const template = view.template!
  const [answers, setAnswers] = useState<SurveyAnswers>(EMPTY_ANSWERS)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [sending, setSending] = useState(false)
  const fieldNames = ['problemSolved', 'recommendation', 'comment', ...template.elements.map((e) => `scores.${e.key}`)]

  async function submit() {
    const checked = checkSurvey(template, answers)
    if (!checked.ok) {
      setErrors({ fields: checked.fields, message: null })
      return
    }
    setSending(true)
    setErrors(NO_ERRORS)
    try {
      const result = await qualityApi.submitSurvey(view.orderId, checked.body)
      toastSuccess('评价已提交')
      onDone(result)
    } catch (err) {
      setErrors(toFormErrors(err, fieldNames))
    } finally {
      setSending(false)
    }
  }

  return (
    <>
      <View className='card'>
        <Text className='card-title'>请为本次服务打分</Text>
        <Text className='muted'>评价仅网点和平台可见，工程师看不到您的具体打分。{view.until ? `请在 ${dateTime(view.until)} 前提交。` : ''}</Text>
        {template.elements.map((e) => (
          <FormField key={e.key} label={e.label} error={errors.fields[`scores.${e.key}`]}>
            <Rate
              className='survey__rate'
              count={template.scale.max}
              value={answers.scores[e.key] ?? 0}
              onChange={(v) => setAnswers((a) => ({ ...a, scores: { ...a.scores, [e.key]: v } }))}
            />
          </FormField>
        ))}
      </View>
      <View className='card'>
        <FormField label={template.problemSolvedQuestion} error={errors.fields.problemSolved}>
          <RadioGroup
            shape='button'
            direction='horizontal'
            value={answers.problemSolved === null ? '' : answers.problemSolved ? 'yes' : 'no'}
            onChange={(v) => setAnswers((a) => ({ ...a, problemSolved: v === 'yes' }))}
            options={[
              { label: '已解决', value: 'yes' },
              { label: '未解决', value: 'no' },
            ]}
          />
        </FormField>
        {template.askRecommendation ? (
          <FormField label={`${template.recommendationQuestion}（0-10 分）`} error={errors.fields.recommendation}>
            <RadioGroup
              className='survey__nps'
              shape='button'
              direction='horizontal'
              value={answers.recommendation === null ? '' : String(answers.recommendation)}
              onChange={(v) => setAnswers((a) => ({ ...a, recommendation: Number(v) }))}
              options={RECOMMEND_OPTIONS}
            />
          </FormField>
        ) : null}
        <FormField label='其他意见（选填）' error={errors.fields.comment}>
          <TextArea className='survey__comment' value={answers.comment} onChange={(v) => setAnswers((a) => ({ ...a, comment: v }))} placeholder='说说您的感受' maxLength={template.commentMax} showCount />
        </FormField>
      </View>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button className='survey__submit' type='primary' size='large' block loading={sending} onClick={submit}>
        提交评价
      </Button>
    </>
  )
}

/** S7: the satisfaction survey of a closed order, answered once, privately. */
export default function SurveyPage() {
  const { orderId = '' } = usePageParams()
  const state = useAsync(() => qualityApi.survey(orderId), [orderId])
  const [result, setResult] = useState<SubmitSurveyResult | null>(null)

  return (
    <PageShell className='survey'>
      {result ? (
        <FollowUp orderId={orderId} result={result} />
      ) : (
        <AsyncContent state={state}>
          {(view) =>
            view.canAnswer && view.template ? (
              <SurveyForm view={view} onDone={setResult} />
            ) : view.survey ? (
              <Answered view={view} />
            ) : (
              <View className='card'>
                <Empty size='small' title={view.reason ? REASON_TEXT[view.reason] : '暂不能评价'} />
                <Button block onClick={() => navigateTo(ROUTES.order, { id: orderId })}>
                  查看订单
                </Button>
              </View>
            )
          }
        </AsyncContent>
      )}
    </PageShell>
  )
}
