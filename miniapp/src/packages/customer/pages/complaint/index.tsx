import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { COMPLAINT_CATEGORIES, COMPLAINT_LIMITS, complaintPromise, FileComplaintBody, type ComplaintView } from '@fangxin/shared'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { FormField } from '@/components/FormField'
import { PageShell } from '@/components/PageShell'
import { PhotoUploader } from '@/components/PhotoUploader'
import { ReasonDialog } from '@/components/ReasonDialog'
import { useAsync } from '@/hooks/useAsync'
import { useRunner } from '@/hooks/useRunner'
import { redirectTo, ROUTES, usePageParams } from '@/platform/navigation'
import { toast, toastSuccess } from '@/platform/toast'
import { qualityApi } from '@/services/quality'
import { usePromises } from '@/services/promises'
import { Button } from '@/ui/Button'
import { RadioGroup } from '@/ui/Radio'
import { Tag } from '@/ui/Tag'
import { TextArea } from '@/ui/TextArea'
import { dateTime, yuan } from '@/utils/format'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'
import '../manage.scss'
import './index.scss'
import { Words } from '@/ui/Words'

const FIELDS = ['category', 'text', 'photoIds'] as const

function FileForm({ orderId }: { orderId: string }) {
  const [category, setCategory] = useState('')
  const [text, setText] = useState('')
  const [photoIds, setPhotoIds] = useState<string[]>([])
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [sending, setSending] = useState(false)
  const promises = usePromises()

  async function submit() {
    const parsed = FileComplaintBody.safeParse({ category: category || undefined, text, photoIds })
    if (!parsed.success) {
      const fields = issuesToFieldErrors(parsed.error.issues)
      if (fields.category) fields.category = '请选择投诉类型'
      setErrors({ fields, message: null })
      return
    }
    setSending(true)
    setErrors(NO_ERRORS)
    try {
      const complaint = await qualityApi.fileComplaint(orderId, parsed.data)
      toastSuccess('投诉已提交')
      redirectTo(ROUTES.complaint, { id: complaint.id })
    } catch (err) {
      setErrors(toFormErrors(err, FIELDS))
    } finally {
      setSending(false)
    }
  }

  return (
    <>
      <View className='card'>
        <Text className='muted'>{complaintPromise(promises)}</Text>
        <FormField label='投诉类型' error={errors.fields.category}>
          <RadioGroup shape='button' direction='horizontal' value={category} onChange={(v) => setCategory(String(v))} options={COMPLAINT_CATEGORIES.map((c) => ({ label: c.label, value: c.code }))} />
        </FormField>
        <FormField label='投诉内容' error={errors.fields.text}>
          <TextArea className='input-box complaint__text' value={text} onChange={setText} placeholder={`请详细描述经过（至少 ${COMPLAINT_LIMITS.textMin} 个字）`} maxLength={COMPLAINT_LIMITS.textMax} showCount />
        </FormField>
        <FormField label='照片（选填）' error={errors.fields.photoIds}>
          <PhotoUploader kind='complaint_photo' maxCount={COMPLAINT_LIMITS.photosMax} onChange={setPhotoIds} />
        </FormField>
      </View>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button className='manage__add' type='danger' size='large' block loading={sending} onClick={submit}>
        提交投诉
      </Button>
    </>
  )
}

function deadlineText(d: ComplaintView['deadlines'][number]): { text: string; type: 'success' | 'danger' | 'warning' | 'default' } {
  if (d.met === true) return { text: '按时完成', type: 'success' }
  if (d.met === false) return { text: '已超时', type: 'danger' }
  if (d.atRisk) return { text: '即将到期', type: 'warning' }
  return { text: '处理中', type: 'default' }
}

const HISTORY_TEXT: Record<string, string> = {
  filed: '提交投诉',
  acknowledged: '网点已受理',
  investigating: '开始调查处理',
  resolved: '给出处理结果',
  closed: '结案',
  reopened: '客户不满意，重新处理',
  at_risk: '即将超时提醒',
  breach: '超时升级',
}

function Detail({ id }: { id: string }) {
  const state = useAsync(() => qualityApi.complaint(id), [id])
  const [reopening, setReopening] = useState(false)
  const [dialogError, setDialogError] = useState<string | null>(null)
  const runner = useRunner((err, key) => (key === 'reopen' ? setDialogError(errorText(err)) : toast(errorText(err))))

  async function act(key: string, call: () => Promise<ComplaintView>, done: string) {
    const next = await runner.run(key, call)
    if (!next) return
    state.setData(next)
    setReopening(false)
    toastSuccess(done)
  }

  return (
    <AsyncContent state={state}>
      {(c) => (
        <>
          <View className='card'>
            <View className='manage__item-head'>
              <Text className='manage__item-title'>{c.categoryLabel}</Text>
              <Tag type={c.status === 'closed' ? 'default' : 'warning'}>{c.statusLabel}</Tag>
            </View>
            <Words className='muted' text={`订单 ${c.orderNo} · 提交于 ${dateTime(c.filedAt)}`} />
            <Text className='complaint__body'>{c.text}</Text>
            {c.photoIds.length ? <Text className='muted'>附照片 {c.photoIds.length} 张</Text> : null}
          </View>

          <View className='card'>
            <Text className='card-title'>处理时限</Text>
            {c.deadlines.map((d) => {
              const s = deadlineText(d)
              return (
                <View key={d.kind} className='complaint__deadline'>
                  <View>
                    <Text className='complaint__deadline-label'>{d.label}</Text>
                    <Words className='muted' text={`截止 ${dateTime(d.dueAt)}${d.metAt ? ` · 完成于 ${dateTime(d.metAt)}` : ''}`} />
                  </View>
                  <Tag type={s.type}>{s.text}</Tag>
                </View>
              )
            })}
          </View>

          {c.resolution ? (
            <View className='card'>
              <Text className='card-title'>处理结果</Text>
              <Text className='complaint__body'>{c.resolution.text}</Text>
              {c.resolution.compensationFen ? <Text className='complaint__compensation'>补偿 {yuan(c.resolution.compensationFen)}</Text> : null}
              <Text className='muted'>{dateTime(c.resolution.at)}</Text>
            </View>
          ) : null}

          {c.actions.includes('accept') || c.actions.includes('reopen') ? (
            <View className='complaint__actions'>
              {c.actions.includes('accept') ? (
                <Button type='primary' size='large' block loading={runner.busy === 'accept'} onClick={() => act('accept', () => qualityApi.acceptComplaint(c.id), '已结案')}>
                  接受处理结果
                </Button>
              ) : null}
              {c.actions.includes('reopen') ? (
                <Button type='danger' fill='outline' block onClick={() => { setDialogError(null); setReopening(true) }}>
                  不满意，要求重新处理
                </Button>
              ) : null}
            </View>
          ) : null}

          <View className='card'>
            <Text className='card-title'>处理记录</Text>
            {[...c.history].reverse().filter((h) => !h.internal).map((h, i) => (
              <View key={`${h.at}-${i}`} className='timeline__event'>
                <View className='timeline__dot' />
                <View className='timeline__body'>
                  <Text className='timeline__title'>{HISTORY_TEXT[h.type] ?? h.type}</Text>
                  <Words className='muted' text={`${dateTime(h.at)} · ${h.actor.name}`} />
                  {h.text ? <Text className='muted'>{h.text}</Text> : null}
                </View>
              </View>
            ))}
          </View>

          <ReasonDialog
            visible={reopening}
            title='重新处理'
            placeholder='请说明对处理结果不满意的原因'
            confirmText='提交'
            error={dialogError}
            busy={runner.busy === 'reopen'}
            onCancel={() => setReopening(false)}
            onConfirm={(reason) => act('reopen', () => qualityApi.reopenComplaint(c.id, reason), '已要求重新处理')}
          />
        </>
      )}
    </AsyncContent>
  )
}

/** S9: file a complaint about an order (`?orderId=`), or follow one (`?id=`) through its deadlines and history. */
export default function ComplaintPage() {
  const { id, orderId } = usePageParams()
  return <PageShell className='complaint'>{id ? <Detail id={id} /> : orderId ? <FileForm orderId={orderId} /> : null}</PageShell>
}
