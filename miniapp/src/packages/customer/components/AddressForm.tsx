import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { AddressInput, type AddressView } from '@fangxin/shared'
import { FormField } from '@/components/FormField'
import { RegionPicker } from '@/components/RegionPicker'
import { customerApi } from '@/services/customer'
import { Button } from '@/ui/Button'
import { Input } from '@/ui/Input'
import { Switch } from '@/ui/Switch'
import './forms.scss'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'

const FIELDS = ['contactName', 'phone', 'districtCode', 'detail', 'isDefault'] as const

/** A new address or a change to one: contact, province / city / district, street and house number. */
export function AddressForm({ initial, onSaved }: { initial?: AddressView; onSaved(address: AddressView): void }) {
  const [contactName, setContactName] = useState(initial?.contactName ?? '')
  const [phone, setPhone] = useState(initial?.phone ?? '')
  const [districtCode, setDistrictCode] = useState(initial?.districtCode ?? '')
  const [detail, setDetail] = useState(initial?.detail ?? '')
  const [isDefault, setIsDefault] = useState(initial?.isDefault ?? false)
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)

  async function save() {
    const parsed = AddressInput.safeParse({ contactName, phone, districtCode, detail, isDefault })
    if (!parsed.success) {
      const fields = issuesToFieldErrors(parsed.error.issues)
      if (fields.districtCode) fields.districtCode = '请选择所在地区'
      setErrors({ fields, message: null })
      return
    }
    setErrors(NO_ERRORS)
    setSaving(true)
    try {
      onSaved(initial ? await customerApi.updateAddress(initial.id, parsed.data) : await customerApi.addAddress(parsed.data))
    } catch (err) {
      setErrors(toFormErrors(err, FIELDS))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='customer-form'>
      <FormField label='联系人' error={errors.fields.contactName}>
        <Input className='input-box' placeholder='联系人姓名' value={contactName} onChange={setContactName} maxLength={20} />
      </FormField>
      <FormField label='手机号' error={errors.fields.phone}>
        <Input className='input-box' type='number' placeholder='联系电话' value={phone} onChange={setPhone} maxLength={11} />
      </FormField>
      <FormField label='所在地区' error={errors.fields.districtCode}>
        <RegionPicker value={districtCode} onChange={setDistrictCode} />
      </FormField>
      <FormField label='详细地址' error={errors.fields.detail}>
        <Input className='input-box' placeholder='街道、小区、楼栋、门牌号' value={detail} onChange={setDetail} maxLength={120} />
      </FormField>
      <View className='customer-form__switch'>
        <Text>设为默认地址</Text>
        <Switch checked={isDefault} onChange={setIsDefault} />
      </View>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button type='primary' block loading={saving} onClick={save}>
        保存地址
      </Button>
    </View>
  )
}
