import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { APPLIANCE_CATEGORIES, ApplianceInput, type ApplianceView, type CategoryCode } from '@fangxin/shared'
import { FormField } from '@/components/FormField'
import { customerApi } from '@/services/customer'
import { Button } from '@/ui/Button'
import { DatePicker } from '@/ui/DatePicker'
import { Input } from '@/ui/Input'
import { RadioGroup } from '@/ui/Radio'
import { todayInShanghai } from '@/utils/format'
import './forms.scss'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'

const FIELDS = ['category', 'brand', 'model', 'purchaseDate', 'serialNo'] as const

/** Checks a new appliance with the shared schema, plus what a schema cannot know: the purchase is not in the future. */
export function checkAppliance(input: Record<string, unknown>, today = todayInShanghai()): { ok: true; body: ApplianceInput } | { ok: false; errors: FormErrors } {
  const parsed = ApplianceInput.safeParse(input)
  if (!parsed.success) return { ok: false, errors: { fields: issuesToFieldErrors(parsed.error.issues), message: null } }
  if (parsed.data.purchaseDate > today) return { ok: false, errors: { fields: { purchaseDate: '购买日期不能晚于今天' }, message: null } }
  return { ok: true, body: parsed.data }
}

const pad = (n: string | number) => String(n).padStart(2, '0')

/** Registers an appliance; its warranty (from the category's policy) comes back from the server. */
export function ApplianceForm({ category: fixed, onSaved }: { category?: CategoryCode; onSaved(appliance: ApplianceView): void }) {
  const [category, setCategory] = useState<string>(fixed ?? '')
  const [brand, setBrand] = useState('')
  const [model, setModel] = useState('')
  const [purchaseDate, setPurchaseDate] = useState('')
  const [serialNo, setSerialNo] = useState('')
  const [picking, setPicking] = useState(false)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)

  async function save() {
    const checked = checkAppliance({ category, brand, model, purchaseDate, serialNo: serialNo || undefined })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors(NO_ERRORS)
    setSaving(true)
    try {
      onSaved(await customerApi.addAppliance(checked.body))
    } catch (err) {
      setErrors(toFormErrors(err, FIELDS))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='customer-form'>
      {fixed ? null : (
        <FormField label='品类' error={errors.fields.category}>
          <RadioGroup
            shape='button'
            direction='horizontal'
            value={category}
            onChange={(v) => setCategory(String(v))}
            options={APPLIANCE_CATEGORIES.map((c) => ({ label: c.name, value: c.code }))}
          />
        </FormField>
      )}
      <FormField label='品牌' error={errors.fields.brand}>
        <Input className='input-box' placeholder='如 格力、海尔' value={brand} onChange={setBrand} maxLength={30} />
      </FormField>
      <FormField label='型号（选填）' error={errors.fields.model}>
        <Input className='input-box' placeholder='铭牌上的型号' value={model} onChange={setModel} maxLength={40} />
      </FormField>
      <FormField label='购买日期' error={errors.fields.purchaseDate}>
        <View className='customer-form__picker' onClick={() => setPicking(true)}>
          <Text className={purchaseDate ? '' : 'muted'}>{purchaseDate || '选择购买日期（用于判断是否在保修期内）'}</Text>
        </View>
        <Input className='input-box customer-form__date' placeholder='或直接输入 YYYY-MM-DD' value={purchaseDate} onChange={setPurchaseDate} maxLength={10} />
      </FormField>
      <FormField label='序列号（选填）' error={errors.fields.serialNo}>
        <Input className='input-box' placeholder='机身条码上的序列号' value={serialNo} onChange={setSerialNo} maxLength={40} />
      </FormField>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button type='primary' block loading={saving} onClick={save}>
        保存家电
      </Button>
      <DatePicker
        visible={picking}
        title='购买日期'
        type='date'
        startDate={new Date(1990, 0, 1)}
        endDate={new Date()}
        defaultValue={new Date()}
        showChinese
        onClose={() => setPicking(false)}
        onConfirm={(_, values) => {
          const [y, m, d] = values
          setPurchaseDate(`${y}-${pad(m ?? 1)}-${pad(d ?? 1)}`)
          setPicking(false)
        }}
      />
    </View>
  )
}
