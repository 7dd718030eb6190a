import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { partsToReport, ReportBody, type OrderView, type PartToReport } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { FormField } from '@/components/FormField'
import { PageShell } from '@/components/PageShell'
import { PhotoUploader } from '@/components/PhotoUploader'
import { useAsync } from '@/hooks/useAsync'
import { backOr, ROUTES, usePageParams } from '@/platform/navigation'
import { toastSuccess } from '@/platform/toast'
import { engineerApi } from '@/services/engineer'
import { Button } from '@/ui/Button'
import { Input } from '@/ui/Input'
import { TextArea } from '@/ui/TextArea'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'
import { confirmedQuote } from '@/utils/order'
import { SignaturePad } from '../../components/SignaturePad'
import './index.scss'

interface PartRow extends PartToReport {
  newSerialNo: string
  oldPartPhotoId: string | null
}

/**
 * Every replaced part of the confirmed quote, in the price list or not, needs its new serial number and a photo of
 * the old part (S5); which parts those are is the shared rule (partsToReport).
 */
export function partsToReportRows(order: OrderView): PartRow[] {
  const quote = confirmedQuote(order)
  return partsToReport(quote?.items ?? []).map((p) => ({ ...p, newSerialNo: '', oldPartPhotoId: null }))
}

function ReportForm({ order }: { order: OrderView }) {
  const [diagnosis, setDiagnosis] = useState('')
  const [actions, setActions] = useState('')
  const [photoIds, setPhotoIds] = useState<string[]>([])
  const [parts, setParts] = useState<PartRow[]>(() => partsToReportRows(order))
  const [signatureId, setSignatureId] = useState<string | null>(null)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [sending, setSending] = useState(false)
  const fieldNames = ['diagnosis', 'actions', 'photoIds', 'signatureId', ...parts.flatMap((_, i) => [`partsUsed.${i}.newSerialNo`, `partsUsed.${i}.oldPartPhotoId`])]

  const updatePart = (i: number, patch: Partial<PartRow>) => setParts((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  async function submit() {
    const parsed = ReportBody.safeParse({
      diagnosis,
      actions,
      photoIds,
      signatureId: signatureId ?? undefined,
      partsUsed: parts.map((p) => ({ ...(p.line ? { line: p.line } : { code: p.code ?? undefined }), quantity: p.quantity, newSerialNo: p.newSerialNo, oldPartPhotoId: p.oldPartPhotoId ?? undefined })),
    })
    if (!parsed.success) {
      const fields = issuesToFieldErrors(parsed.error.issues)
      if (fields.signatureId) fields.signatureId = '请客户签名并确认'
      if (fields.diagnosis) fields.diagnosis = '请填写故障诊断（至少 2 个字）'
      if (fields.actions) fields.actions = '请填写处理措施（至少 2 个字）'
      parts.forEach((_, i) => {
        if (fields[`partsUsed.${i}.oldPartPhotoId`]) fields[`partsUsed.${i}.oldPartPhotoId`] = '请拍摄旧配件照片'
      })
      setErrors({ fields, message: null })
      return
    }
    setSending(true)
    setErrors(NO_ERRORS)
    try {
      await engineerApi.report(order.id, parsed.data)
      toastSuccess('服务报告已提交')
      backOr(ROUTES.engineerOrder, { id: order.id })
    } catch (err) {
      setErrors(toFormErrors(err, fieldNames))
    } finally {
      setSending(false)
    }
  }

  return (
    <>
      <View className='card'>
        <FormField label='故障诊断' error={errors.fields.diagnosis}>
          <TextArea className='input-box' placeholder='检查发现的问题' value={diagnosis} onChange={setDiagnosis} maxLength={1000} showCount />
        </FormField>
        <FormField label='处理措施' error={errors.fields.actions}>
          <TextArea className='input-box' placeholder='做了哪些维修或服务' value={actions} onChange={setActions} maxLength={1000} showCount />
        </FormField>
        <FormField label='现场照片（至少 1 张）' error={errors.fields.photoIds}>
          <PhotoUploader kind='report_photo' orderId={order.id} maxCount={12} onChange={setPhotoIds} />
        </FormField>
      </View>

      {parts.length > 0 ? (
        <View className='card'>
          <Text className='card-title'>更换的配件</Text>
          {parts.map((p, i) => (
            <View key={p.code ?? `#${p.line}`} className='report__part'>
              <Text className='report__part-name'>
                {p.name} × {p.quantity}
              </Text>
              <FormField label='新配件序列号' error={errors.fields[`partsUsed.${i}.newSerialNo`]}>
                <Input className='input-box' placeholder={`${p.name}的新配件序列号`} value={p.newSerialNo} onChange={(v) => updatePart(i, { newSerialNo: v })} maxLength={64} />
              </FormField>
              <FormField label='旧配件照片' error={errors.fields[`partsUsed.${i}.oldPartPhotoId`]}>
                <PhotoUploader kind='old_part_photo' orderId={order.id} maxCount={1} onChange={(ids) => updatePart(i, { oldPartPhotoId: ids[0] ?? null })} />
              </FormField>
            </View>
          ))}
        </View>
      ) : null}

      <View className='card'>
        <FormField label='客户签名' error={errors.fields.signatureId}>
          <SignaturePad orderId={order.id} onChange={setSignatureId} />
        </FormField>
      </View>

      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button className='report__submit' type='primary' size='large' block loading={sending} onClick={submit}>
        提交服务报告
      </Button>
    </>
  )
}

/** The service report: diagnosis, actions, photos, parts with serials and old-part photos, the customer's signature. */
export default function ReportPage() {
  const { id = '' } = usePageParams()
  const order = useAsync(() => engineerApi.get(id), [id])
  return (
    <PageShell className='report'>
      <AsyncContent state={order}>{(o) => <ReportForm order={o} />}</AsyncContent>
    </PageShell>
  )
}
