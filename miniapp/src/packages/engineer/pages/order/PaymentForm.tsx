import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { PaymentBody, type OrderView } from '@fangxin/shared'
import { FormField } from '@/components/FormField'
import { Button, Input, RadioGroup } from '@/ui'
import { PAYMENT_METHOD_OPTIONS, yuan } from '@/utils/format'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'

const FIELDS = ['method', 'amountFen', 'receiptNo'] as const

/** Records the payment: exactly the confirmed total (S5), by method, with the payment's receipt number. */
export function PaymentForm({ totalFen, record }: { totalFen: number; record(body: PaymentBody): Promise<OrderView> }) {
  const [method, setMethod] = useState<string>('wechat')
  const [receiptNo, setReceiptNo] = useState('')
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)

  async function submit() {
    const parsed = PaymentBody.safeParse({ method, amountFen: totalFen, receiptNo })
    if (!parsed.success) {
      const fields = issuesToFieldErrors(parsed.error.issues)
      if (fields.receiptNo) fields.receiptNo = '请填写收款凭证号（4-40 位）'
      setErrors({ fields, message: null })
      return
    }
    setSaving(true)
    setErrors(NO_ERRORS)
    try {
      await record(parsed.data)
    } catch (err) {
      setErrors(toFormErrors(err, FIELDS, { payment_mismatch: 'amountFen' }))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='card payment-form'>
      <Text className='card-title'>登记收款</Text>
      <FormField label='应收金额（客户已确认的报价）' error={errors.fields.amountFen}>
        <Text className='payment-form__amount'>{yuan(totalFen)}</Text>
      </FormField>
      <FormField label='收款方式' error={errors.fields.method}>
        <RadioGroup shape='button' direction='horizontal' value={method} onChange={(v) => setMethod(String(v))} options={PAYMENT_METHOD_OPTIONS.map((m) => ({ label: m.label, value: m.value }))} />
      </FormField>
      <FormField label='收款凭证号' error={errors.fields.receiptNo}>
        <Input className='input-box' placeholder='微信支付单号或收据编号' value={receiptNo} onChange={setReceiptNo} maxLength={40} />
      </FormField>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button type='primary' block loading={saving} onClick={submit}>
        确认收款 {yuan(totalFen)}
      </Button>
    </View>
  )
}
