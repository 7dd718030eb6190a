import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { MaintenanceView } from '@fangxin/shared'
import { errorText } from '@/components/AsyncContent'
import { navigateTo } from '@/platform/navigation'
import { toast } from '@/platform/toast'
import { maintenanceApi } from '@/services/maintenance'
import { askSubscribe } from '@/services/subscribe'
import { Button } from '@/ui/Button'
import { Switch } from '@/ui/Switch'
import { Words } from '@/ui/Words'
import './MaintenanceRow.scss'

/**
 * Issue 20.3, in 我的家电: the care (空调清洗) and when the appliance is next due for it (下次保养 2027年5月15日), the reminder
 * switch, and — once it is due — 预约保养 (the booking page with the appliance and service chosen) and 稍后提醒
 * (nothing for 30 days). Turning the reminder on is a tap, so the WeChat consent for the reminder is asked then.
 */
export function MaintenanceRow({ item, onChanged }: { item: MaintenanceView; onChanged(): void }) {
  const [busy, setBusy] = useState(false)
  const due = item.enabled && item.on && !item.snoozedUntil && item.state !== 'later'

  async function save(body: { on?: boolean; snoozeDays?: 30 }, done: string) {
    setBusy(true)
    try {
      if (body.on) await askSubscribe('maintenance')
      await maintenanceApi.setPref(item.applianceId, body)
      toast(done)
      onChanged()
    } catch (err) {
      toast(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className={`maintenance-row${due ? ' maintenance-row--due' : ''}`} data-testid='maintenance-row'>
      <View className='maintenance-row__head'>
        <Text className='maintenance-row__name'>{item.ruleName}</Text>
        {item.enabled ? (
          <View className='maintenance-row__switch'>
            <Text className='muted'>保养提醒</Text>
            <Switch checked={item.on} disabled={busy} ariaLabel={`${item.ruleName}提醒`} onChange={(on: boolean) => void save({ on }, on ? '已打开保养提醒' : '已关闭保养提醒')} />
          </View>
        ) : null}
      </View>
      <Words className='maintenance-row__text' text={item.text} />
      {due ? (
        <View className='maintenance-row__actions'>
          <Button size='small' fill='outline' disabled={busy} onClick={() => void save({ snoozeDays: 30 }, '30 天内不再提醒')}>
            稍后提醒
          </Button>
          <Button size='small' type='primary' onClick={() => navigateTo(`/${item.bookingPath}`)}>
            预约保养
          </Button>
        </View>
      ) : null}
    </View>
  )
}
