import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { PaymentBody, RECEIPT_NO_REQUIRED, type OrderView, type PaymentMethod } from '@fangxin/shared'
import { ConfirmSheet, type SheetLine } from '@/components/ConfirmSheet'
import { FormField } from '@/components/FormField'
import { Button } from '@/ui/Button'
import { Input } from '@/ui/Input'
import { RadioGroup } from '@/ui/Radio'
import { PAYMENT_METHOD_OPTIONS, paymentMethodText, yuan } from '@/utils/format'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'

const FIELDS = ['method', 'amountFen', 'receiptNo'] as const

/**
 * Records the payment: exactly the confirmed total (S5), by method, with the payment's voucher number (optional for
 * cash: RECEIPT_NO_REQUIRED in shared). 确认收款 first shows the confirmation sheet with the confirmed quote's lines.
 */
export function PaymentForm({ totalFen, lines, record }: { totalFen: number; lines: readonly SheetLine[]; record(body: PaymentBody): Promise<OrderView> }) {
  const [method, setMethod] = useState<string>('wechat')
  const [receiptNo, setReceiptNo] = useState('')
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)
  const [confirming, setConfirming] = useState<PaymentBody | null>(null)
  const voucherRequired = RECEIPT_NO_REQUIRED[method as PaymentMethod] ?? true

  /** Checks the form with the shared rule, then asks for confirmation on the sheet. */
  function submit() {
    const parsed = PaymentBody.safeParse({ method, amountFen: totalFen, receiptNo: receiptNo.trim() || undefined })
    if (!parsed.success) {
      setErrors({ fields: issuesToFieldErrors(parsed.error.issues), message: null })
      return
    }
    setErrors(NO_ERRORS)
    setConfirming(parsed.data)
  }

  async function save(body: PaymentBody) {
    setSaving(true)
    setErrors(NO_ERRORS)
    try {
      await record(body)
      setConfirming(null)
    } catch (err) {
      setConfirming(null)
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
      <FormField label={voucherRequired ? '收款凭证号' : '收据编号（现金可不填）'} error={errors.fields.receiptNo}>
        <Input
          className='input-box'
          placeholder={voucherRequired ? '微信支付单号或转账流水号' : '有纸质收据可填写编号'}
          value={receiptNo}
          onChange={setReceiptNo}
          maxLength={40}
        />
      </FormField>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button type='primary' block loading={saving} onClick={submit}>
        确认收款 {yuan(totalFen)}
      </Button>
      <ConfirmSheet
        visible={confirming !== null}
        title='确认收款'
        lead='请与客户一起核对：收款金额就是客户确认的报价。'
        lines={lines}
        totalFen={totalFen}
        totalLabel='应收合计'
        confirmText={`确认已收款 ${yuan(totalFen)}`}
        extra={
          confirming ? (
            <Text className='payment-form__sheet-method'>
              收款方式：{paymentMethodText(confirming.method)}
              {confirming.receiptNo ? `，凭证号 ${confirming.receiptNo}` : '，无凭证号'}
            </Text>
          ) : null
        }
        busy={saving}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && void save(confirming)}
      />
    </View>
  )
}
