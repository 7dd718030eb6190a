import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ReworkBody, type OrderView } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { FormField } from '@/components/FormField'
import { PageShell } from '@/components/PageShell'
import { PhotoUploader } from '@/components/PhotoUploader'
import { SlotPicker } from '@/components/SlotPicker'
import { useAsync } from '@/hooks/useAsync'
import { redirectTo, ROUTES, usePageParams } from '@/platform/navigation'
import { toastSuccess } from '@/platform/toast'
import { ordersApi, type SlotChoice } from '@/services/orders'
import { qualityApi } from '@/services/quality'
import { Button } from '@/ui/Button'
import { RadioGroup } from '@/ui/Radio'
import { TextArea } from '@/ui/TextArea'
import { serviceText } from '@/utils/format'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'
import '../manage.scss'

const FIELDS = ['description', 'engineer', 'slot', 'photoIds'] as const

function ReworkForm({ order }: { order: OrderView }) {
  const [description, setDescription] = useState('')
  const [engineer, setEngineer] = useState<'same' | 'different'>('same')
  const [slot, setSlot] = useState<SlotChoice | null>(null)
  const [photoIds, setPhotoIds] = useState<string[]>([])
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [sending, setSending] = useState(false)

  async function submit() {
    const parsed = ReworkBody.safeParse({ description, engineer, slot: slot ?? undefined, photoIds })
    if (!parsed.success) {
      const fields: Record<string, string> = {}
      for (const [path, message] of Object.entries(issuesToFieldErrors(parsed.error.issues))) fields[path.split('.')[0]!] ??= message
      if (fields.slot) fields.slot = '请选择上门时间'
      setErrors({ fields, message: null })
      return
    }
    setSending(true)
    setErrors(NO_ERRORS)
    try {
      const rework = await qualityApi.rework(order.id, parsed.data)
      toastSuccess('已预约免费二次上门')
      redirectTo(ROUTES.order, { id: rework.id })
    } catch (err) {
      const form = toFormErrors(err, [...FIELDS, 'slot.day', 'slot.window'], { slot_full: 'slot', slot_unavailable: 'slot' })
      if (form.fields['slot.day'] || form.fields['slot.window']) form.fields.slot = form.fields['slot.day'] ?? form.fields['slot.window']!
      setErrors(form)
    } finally {
      setSending(false)
    }
  }

  return (
    <>
      <View className='card'>
        <Text className='card-title'>{serviceText(order.category, order.serviceType)} · 订单 {order.orderNo}</Text>
        <Text className='muted'>保修期内同一问题再次出现，可免费申请二次上门，保内项目不收费。</Text>
      </View>
      <View className='card'>
        <FormField label='问题描述' error={errors.fields.description}>
          <TextArea className='input-box' value={description} onChange={setDescription} placeholder='同一故障又出现了吗？请描述现在的情况' maxLength={500} showCount />
        </FormField>
        <FormField label='上门工程师' error={errors.fields.engineer}>
          <RadioGroup
            shape='button'
            direction='horizontal'
            value={engineer}
            onChange={(v) => setEngineer(v === 'different' ? 'different' : 'same')}
            options={[
              { label: '原工程师', value: 'same' },
              { label: '换一位工程师', value: 'different' },
            ]}
          />
        </FormField>
        <FormField label='照片（选填）' error={errors.fields.photoIds}>
          <PhotoUploader kind='fault_photo' maxCount={9} onChange={setPhotoIds} />
        </FormField>
        <FormField label='上门时间' error={errors.fields.slot}>
          <SlotPicker districtCode={order.contact.districtCode} category={order.category} value={slot} onChange={setSlot} />
        </FormField>
      </View>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button className='manage__add' type='primary' size='large' block loading={sending} onClick={submit}>
        提交二次上门申请
      </Button>
    </>
  )
}

/** S8: a free second visit for the same fault within the repair warranty: a linked order at no charge. */
export default function ReworkPage() {
  const { orderId = '' } = usePageParams()
  const order = useAsync(() => ordersApi.get(orderId), [orderId])
  return (
    <PageShell className='rework'>
      <AsyncContent state={order}>{(o) => <ReworkForm order={o} />}</AsyncContent>
    </PageShell>
  )
}
