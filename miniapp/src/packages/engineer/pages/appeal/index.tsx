import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { APPEAL_EVIDENCE_MAX, APPEAL_REASON_MAX, APPEAL_REASON_MIN, FileAppealBody, timelineEventDetail, timelineEventLabel, type AppealDetail, type OrderAppealItems } from '@fangxin/shared'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { FormField } from '@/components/FormField'
import { PageShell } from '@/components/PageShell'
import { PhotoUploader } from '@/components/PhotoUploader'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { useRunner } from '@/hooks/useRunner'
import { previewImages } from '@/platform/preview'
import { redirectTo, ROUTES, usePageParams } from '@/platform/navigation'
import { toast, toastSuccess } from '@/platform/toast'
import { appealsApi } from '@/services/appeals'
import { photoSrc } from '@/services/photos'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Checkbox } from '@/ui/Checkbox'
import { Empty } from '@/ui/Empty'
import { RadioGroup } from '@/ui/Radio'
import { Tag } from '@/ui/Tag'
import { TextArea } from '@/ui/TextArea'
import { Words } from '@/ui/Words'
import { dateTime } from '@/utils/format'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'
import { cx } from '@/utils/cx'
import { STATE_TAG } from '../appeals/AppealCard'
import '../appeals/index.scss'
import './index.scss'

const FIELDS = ['kind', 'complaintId', 'clock', 'reason', 'timelineSeqs', 'photoIds'] as const
type Item = OrderAppealItems['items'][number]
const itemKey = (i: Pick<Item, 'kind' | 'complaintId' | 'clock'>) => `${i.kind}:${i.complaintId ?? i.clock ?? ''}`

/** A timeline entry in words: when, what, and what it recorded. */
function entryText(e: { at: string; type: string; data: Record<string, unknown> }): string {
  const detail = timelineEventDetail(e.type, e.data)
  return `${dateTime(e.at)} ${timelineEventLabel(e.type)}${detail ? `：${detail}` : ''}`
}

/** Everything the form needs from the order: what counts against him, its timeline in words, its photos he may see. */
async function loadForm(orderId: string) {
  const [items, timeline, photos] = await Promise.all([appealsApi.items(orderId), appealsApi.timeline(orderId), appealsApi.photos(orderId)])
  return { items, timeline: timeline.events, photos: photos.items }
}

function FileForm({ orderId }: { orderId: string }) {
  const state = useAsync(() => loadForm(orderId), [orderId])
  const [chosen, setChosen] = useState('')
  const [reason, setReason] = useState('')
  const [seqs, setSeqs] = useState<number[]>([])
  const [picked, setPicked] = useState<string[]>([])
  const [fresh, setFresh] = useState<string[]>([])
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [sending, setSending] = useState(false)
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v])

  async function submit(items: Item[]) {
    const item = items.find((i) => itemKey(i) === chosen)
    const parsed = FileAppealBody.safeParse({
      kind: item?.kind,
      ...(item?.complaintId ? { complaintId: item.complaintId } : {}),
      ...(item?.clock ? { clock: item.clock } : {}),
      reason,
      timelineSeqs: seqs,
      photoIds: [...picked, ...fresh],
    })
    if (!parsed.success) {
      const fields = issuesToFieldErrors(parsed.error.issues)
      if (!item) fields.kind = '请选择要申诉的记录'
      setErrors({ fields, message: null })
      return
    }
    setSending(true)
    setErrors(NO_ERRORS)
    try {
      const appeal = await appealsApi.file(orderId, parsed.data)
      toastSuccess('申诉已提交')
      redirectTo(ROUTES.engineerAppeal, { id: appeal.id })
    } catch (err) {
      setErrors(toFormErrors(err, FIELDS))
    } finally {
      setSending(false)
    }
  }

  return (
    <AsyncContent state={state}>
      {({ items, timeline, photos }) => {
        const open = items.items.filter((i) => i.appealable)
        if (items.items.length === 0) return <Empty size='small' title='本单没有计入您质量分的投诉或超时记录' />
        return (
          <>
            <View className='card'>
              <Words className='muted appeal__window' text={`订单 ${items.orderNo} · 记录发生后 ${items.windowDays} 天内可以申诉`} />
              <FormField label='申诉哪一项' error={errors.fields.kind ?? errors.fields.complaintId ?? errors.fields.clock}>
                <View className='appeal__items'>
                  {items.items.map((i) => (
                    <View key={itemKey(i)} className='appeal__item'>
                      <Text className='appeal__item-title'>{i.text}</Text>
                      <Text className='muted appeal__item-note'>{i.appealable ? `${dateTime(i.at)} · ${dateTime(i.appealBy)} 前可申诉` : i.refusal}</Text>
                    </View>
                  ))}
                </View>
                {open.length ? (
                  <RadioGroup value={chosen} onChange={(v) => setChosen(String(v))} options={open.map((i) => ({ label: `申诉：${i.text}`, value: itemKey(i) }))} />
                ) : (
                  <Text className='muted'>以上记录现在都不能申诉</Text>
                )}
              </FormField>
              <FormField label='申诉理由' error={errors.fields.reason}>
                <TextArea
                  className='input-box appeal__reason'
                  value={reason}
                  onChange={setReason}
                  placeholder={`请写明当时的情况（至少 ${APPEAL_REASON_MIN} 个字）`}
                  maxLength={APPEAL_REASON_MAX}
                  showCount
                />
              </FormField>
            </View>
            <View className='card'>
              <FormField label={`引用本单记录（选填，最多 ${APPEAL_EVIDENCE_MAX} 条）`} error={errors.fields.timelineSeqs}>
                <View className='appeal__entries'>
                  {timeline
                    .filter((e) => !('redacted' in e.data))
                    .map((e) => (
                      <Checkbox
                        key={e.seq}
                        className='appeal__entry'
                        checked={seqs.includes(e.seq)}
                        onChange={() => setSeqs((s) => toggle(s, e.seq))}
                        label={<Words text={entryText(e)} />}
                      />
                    ))}
                </View>
              </FormField>
              <FormField label='本单照片（选填，点选作为证据）' error={errors.fields.photoIds}>
                {photos.length ? (
                  <View className='appeal__photos'>
                    {photos.map((p) => (
                      <View
                        key={p.id}
                        role='button'
                        ariaLabel={`${p.kindLabel}，${picked.includes(p.id) ? '已选' : '未选'}`}
                        className={cx('appeal__photo', picked.includes(p.id) && 'appeal__photo--on')}
                        onClick={() => setPicked((s) => toggle(s, p.id))}
                      >
                        <Image className='appeal__photo-image' src={photoSrc(p.url)} mode='aspectFill' />
                        <Text className='appeal__photo-label'>{picked.includes(p.id) ? `✓ ${p.kindLabel}` : p.kindLabel}</Text>
                      </View>
                    ))}
                  </View>
                ) : (
                  <Text className='muted'>本单还没有照片</Text>
                )}
              </FormField>
              <FormField label='补充照片（选填）'>
                <PhotoUploader kind='appeal_photo' orderId={orderId} maxCount={6} onChange={setFresh} />
              </FormField>
            </View>
            {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
            <Button className='appeal__submit' type='primary' size='large' block loading={sending} disabled={!open.length} onClick={() => submit(items.items)}>
              提交申诉
            </Button>
          </>
        )
      }}
    </AsyncContent>
  )
}

function Detail({ id }: { id: string }) {
  const state = useAsync(() => appealsApi.get(id), [id])
  const runner = useRunner((err) => toast(errorText(err)))

  async function withdraw(a: AppealDetail) {
    const next = await runner.run('withdraw', () => appealsApi.withdraw(a.id))
    if (!next) return
    state.setData(next)
    toastSuccess('已撤回')
  }

  return (
    <AsyncContent state={state}>
      {(a) => {
        const urls = a.evidence.photos.map((p) => photoSrc(p.url))
        return (
          <>
            <View className='card'>
              <View className='appeals__head'>
                <Text className='appeals__title'>{a.itemText}</Text>
                <Tag type={STATE_TAG[a.state]}>{a.stateLabel}</Tag>
              </View>
              <Words className='muted appeal__meta' text={`订单 ${a.orderNo} · ${a.filedBy.name} 提交于 ${dateTime(a.filedAt)}`} />
              {a.decision ? (
                <View className={cx('appeal__decision', `appeal__decision--${a.decision.decision}`)}>
                  <Text className='appeal__decision-title'>{a.decision.decision === 'upheld' ? '申诉成立，已不计入质量分' : '申诉未成立'}</Text>
                  <Text className='appeal__decision-text'>{a.decision.decision === 'upheld' ? '说明：' : '原因：'}{a.decision.reason}</Text>
                  <Words className='muted' text={`${a.decision.byName} · ${dateTime(a.decision.at)}`} />
                </View>
              ) : a.state === 'submitted' ? (
                <Text className='muted appeal__waiting'>平台正在审核，有结果会通知您。</Text>
              ) : null}
            </View>
            <View className='card'>
              <Text className='appeal__section'>申诉理由</Text>
              <Text className='appeal__text'>{a.reason}</Text>
              {a.evidence.timeline.length ? (
                <>
                  <Text className='appeal__section'>引用的记录</Text>
                  {a.evidence.timeline.map((e) => (
                    <Words key={e.seq} className='appeal__cited' text={`${dateTime(e.at)} ${e.label}${e.detail ? `：${e.detail}` : ''}`} />
                  ))}
                </>
              ) : null}
              {a.evidence.photos.length ? (
                <>
                  <Text className='appeal__section'>照片</Text>
                  <View className='appeal__photos'>
                    {a.evidence.photos.map((p, i) => (
                      <View key={p.id} className='appeal__photo' role='button' ariaLabel={`查看${p.kindLabel}大图`} onClick={() => previewImages(urls, urls[i]!)}>
                        <Image className='appeal__photo-image' src={urls[i]!} mode='aspectFill' />
                        <Text className='appeal__photo-label'>{p.kindLabel}</Text>
                      </View>
                    ))}
                  </View>
                </>
              ) : null}
            </View>
            {a.actions.includes('withdraw') ? (
              <Button className='appeal__submit' type='default' block loading={runner.busy === 'withdraw'} onClick={() => withdraw(a)}>
                撤回申诉
              </Button>
            ) : null}
          </>
        )
      }}
    </AsyncContent>
  )
}

/** Issue 20.2: file an appeal from an order (`?orderId=`), or see one and its decision (`?id=`). */
export default function EngineerAppealPage() {
  const params = usePageParams()
  const current = useSession()
  if (current?.user.role !== 'engineer') {
    return (
      <PageShell>
        <SignInPrompt message='登录工程师账号后申诉' engineer />
      </PageShell>
    )
  }
  return <PageShell className='appeal'>{params.id ? <Detail id={params.id} /> : params.orderId ? <FileForm orderId={params.orderId} /> : <Empty size='small' title='没有找到申诉' />}</PageShell>
}
