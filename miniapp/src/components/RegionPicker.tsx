import { useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { regionTree } from '@fangxin/shared'
import { Cascader } from '@/ui/Cascader'
import { districtText } from '@/utils/format'

interface CascaderNode {
  text: string
  value: string
  children?: CascaderNode[]
}

/**
 * Province → city → district from the shared region table. Only branches that reach a district are offered: an
 * address needs a 6-digit district code, and the table lists districts only where the platform serves.
 */
export function regionOptions(): CascaderNode[] {
  return regionTree()
    .map((p) => ({
      text: p.name,
      value: p.code,
      children: p.children
        .filter((c) => c.children.length > 0)
        .map((c) => ({ text: c.name, value: c.code, children: c.children.map((d) => ({ text: d.name, value: d.code })) })),
    }))
    .filter((p) => p.children.length > 0)
}

/** The cascader path of a district code: [province, city, district]. */
export function regionPath(districtCode: string): string[] {
  return /^\d{6}$/.test(districtCode) ? [districtCode.slice(0, 2), districtCode.slice(0, 4), districtCode] : []
}

export function RegionPicker({ value, onChange }: { value: string; onChange(districtCode: string): void }) {
  const [open, setOpen] = useState(false)
  const options = useMemo(regionOptions, [])
  return (
    <View className='region-picker'>
      <View className='region-picker__value' onClick={() => setOpen(true)}>
        <Text className={value ? '' : 'muted'}>{value ? districtText(value) : '选择省 / 市 / 区'}</Text>
        <Text className='muted'>›</Text>
      </View>
      <Cascader
        visible={open}
        title='选择所在地区'
        options={options}
        value={regionPath(value)}
        closeable
        onClose={() => setOpen(false)}
        onChange={(path) => {
          const last = path[path.length - 1]
          if (typeof last === 'string' && last.length === 6) {
            onChange(last)
            setOpen(false)
          }
        }}
      />
    </View>
  )
}
