import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { FormField } from '@/components/FormField'
import { Button } from '@/ui/Button'
import { Input } from '@/ui/Input'
import { RadioGroup } from '@/ui/Radio'
import { TextArea } from '@/ui/TextArea'
import type { FieldErrors } from '@/utils/form-errors'
import { checkOffCatalogue, type OffCatalogueLine } from './draft'

const KINDS = [
  { label: '人工', value: 'labour' },
  { label: '配件', value: 'part' },
  { label: '附加费', value: 'fee' },
]

/** S5: an item the catalogue does not have; it is flagged to the customer and counted in the engineer's record. */
export function OffCatalogueForm({ onAdd }: { onAdd(line: OffCatalogueLine): void }) {
  const [name, setName] = useState('')
  const [kind, setKind] = useState('part')
  const [unit, setUnit] = useState('个')
  const [price, setPrice] = useState('')
  const [quantity, setQuantity] = useState('1')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})

  function add() {
    const checked = checkOffCatalogue({ name, kind, unit, price, quantity: Number(quantity), reason })
    if (!checked.ok) {
      setErrors(checked.fields)
      return
    }
    setErrors({})
    onAdd(checked.line)
  }

  return (
    <View className='off-form'>
      <Text className='off-form__warning'>价目表外项目会向客户特别标注，并计入您的服务记录，必须填写原因。</Text>
      <FormField label='项目名称' error={errors.name}>
        <Input className='input-box' placeholder='如 进口电机轴承' value={name} onChange={setName} maxLength={60} />
      </FormField>
      <FormField label='类别' error={errors.kind}>
        <RadioGroup shape='button' direction='horizontal' value={kind} onChange={(v) => setKind(String(v))} options={KINDS} />
      </FormField>
      <View className='off-form__row'>
        <FormField label='单价（元）' error={errors.price}>
          <Input className='input-box' type='digit' placeholder='单价（元）' value={price} onChange={setPrice} maxLength={9} />
        </FormField>
        <FormField label='数量' error={errors.quantity}>
          <Input className='input-box' type='number' placeholder='数量' value={quantity} onChange={setQuantity} maxLength={2} />
        </FormField>
        <FormField label='单位' error={errors.unit}>
          <Input className='input-box' placeholder='单位' value={unit} onChange={setUnit} maxLength={8} />
        </FormField>
      </View>
      <FormField label='原因（必填）' error={errors.reason}>
        <TextArea className='input-box' placeholder='为什么需要价目表外的项目' value={reason} onChange={setReason} maxLength={200} showCount />
      </FormField>
      <Button type='warning' block onClick={add}>
        加入报价
      </Button>
    </View>
  )
}
