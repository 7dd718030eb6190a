import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { addDays, type Availability, type CategoryCode } from '@fangxin/shared'
import { useAsync } from '@/hooks/useAsync'
import { ordersApi, type SlotChoice } from '@/services/orders'
import { Button } from '@/ui/Button'
import { Empty } from '@/ui/Empty'
import { Loading } from '@/ui/Loading'
import { RadioGroup } from '@/ui/Radio'
import { TabPane, Tabs } from '@/ui/Tabs'
import { dayLabel, todayInShanghai } from '@/utils/format'
import { errorText } from './AsyncContent'

/** How far ahead the picker looks (the server allows up to 14 days). */
export const SLOT_DAYS = 7

interface SlotPickerProps {
  districtCode: string
  category: CategoryCode
  value: SlotChoice | null
  onChange(slot: SlotChoice): void
  /** Loads availability (the real endpoint unless a test says otherwise). */
  load?: (q: { districtCode: string; category: CategoryCode; from: string; to: string }) => Promise<Availability>
}

/** Days as tabs, each with its windows: the remaining capacity the outlets covering the address really have. */
export function SlotPicker({ districtCode, category, value, onChange, load = ordersApi.availability }: SlotPickerProps) {
  const today = todayInShanghai()
  const state = useAsync(
    () => load({ districtCode, category, from: today, to: addDays(today, SLOT_DAYS - 1) }),
    [districtCode, category, today],
  )
  const [tab, setTab] = useState<string | null>(value?.day ?? null)

  if (state.data === null) {
    if (state.loading) return <Loading type='circular'>正在查询可预约时段…</Loading>
    return (
      <View>
        <Text className='field-error'>{errorText(state.error)}</Text>
        <Button size='small' fill='outline' onClick={() => void state.reload()}>
          重试
        </Button>
      </View>
    )
  }
  const { covered, days } = state.data
  if (!covered) return <Empty size='small' title='该地址暂无服务网点覆盖' description='请更换地址，或致电客服咨询' />
  const open = days.filter((d) => d.windows.some((w) => w.bookable))
  if (open.length === 0) return <Empty size='small' title={`未来 ${SLOT_DAYS} 天已约满`} description='请稍后再试或更换地址' />
  const current = tab && days.some((d) => d.day === tab) ? tab : open[0]!.day

  return (
    <View className='slot-picker'>
      <Tabs value={current} onChange={(v) => setTab(String(v))} activeType='line' autoHeight>
        {days.map((d) => (
          <TabPane key={d.day} value={d.day} title={dayLabel(d.day, today)}>
            <RadioGroup
              className='slot-picker__windows'
              shape='button'
              direction='vertical'
              value={value?.day === d.day ? value.window : ''}
              onChange={(w) => onChange({ day: d.day, window: String(w) as SlotChoice['window'] })}
              options={d.windows.map((w) => ({
                value: w.window,
                label: w.bookable ? `${w.label}（剩 ${w.remaining}）` : `${w.label}（${w.remaining === 0 ? '已约满' : '不可约'}）`,
                disabled: !w.bookable,
              }))}
            />
          </TabPane>
        ))}
      </Tabs>
    </View>
  )
}
