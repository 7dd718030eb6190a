import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { categoryName } from '@fangxin/shared'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { useRunner } from '@/hooks/useRunner'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { toast } from '@/platform/toast'
import { customerApi } from '@/services/customer'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Empty } from '@/ui/Empty'
import { Popup } from '@/ui/Popup'
import { Words } from '@/ui/Words'
import { ApplianceForm } from '../../components/ApplianceForm'
import { WarrantyTag } from '../../components/WarrantyTag'
import { MaintenanceRow } from '../../components/MaintenanceRow'
import { maintenanceApi } from '@/services/maintenance'
import '../manage.scss'

/** The customer's appliances, each with its manufacturer warranty under the current category policy. */
export default function AppliancesPage() {
  const current = useSession()
  const customer = current?.user.role === 'customer'
  const state = useAsync(() => (customer ? customerApi.appliances() : Promise.resolve([])), [customer])
  // Issue 20.3: when each appliance is next due for care, and its reminder switch.
  const care = useAsync(() => (customer ? maintenanceApi.mine() : Promise.resolve([])), [customer])
  const [adding, setAdding] = useState(false)
  const runner = useRunner((err) => toast(errorText(err)))

  if (!customer) {
    return (
      <PageShell>
        <SignInPrompt message='登录后管理家电' />
      </PageShell>
    )
  }

  return (
    <PageShell className='manage'>
      <AsyncContent state={state} empty={<Empty size='small' title='还没有登记家电' description='登记家电后，预约时自动判断是否在保修期内' />}>
        {(items) =>
          items.map((a) => (
            <View key={a.id} className='card manage__item'>
              <View className='manage__item-head'>
                <Words className='manage__item-title' text={`${categoryName(a.category)} · ${a.brand} ${a.model}`} />
                <WarrantyTag appliance={a} />
              </View>
              <Text className='muted'>
                购买日期 {a.purchaseDate}
                {a.serialNo ? ` · 序列号 ${a.serialNo}` : ''} · 整机保修 {a.warranty.months} 个月
              </Text>
              {care.data?.find((m) => m.applianceId === a.id) ? <MaintenanceRow item={care.data.find((m) => m.applianceId === a.id)!} onChanged={() => void care.reload()} /> : null}
              <View className='manage__item-actions'>
                <Button size='small' type='primary' fill='outline' onClick={() => navigateTo(ROUTES.appliance, { id: a.id })}>
                  维修记录
                </Button>
                <Button size='small' fill='outline' onClick={() => navigateTo(ROUTES.booking, { category: a.category, applianceId: a.id })}>
                  预约服务
                </Button>
                <Button size='small' fill='outline' type='danger' loading={runner.busy === a.id} onClick={() => runner.run(a.id, async () => {
                  await customerApi.removeAppliance(a.id)
                  await state.reload()
                })}>
                  删除
                </Button>
              </View>
            </View>
          ))
        }
      </AsyncContent>
      <Button className='manage__add' type='primary' size='large' block onClick={() => setAdding(true)}>
        新增家电
      </Button>
      <Popup visible={adding} position='bottom' round closeable title='新增家电' onClose={() => setAdding(false)}>
        {adding ? (
          <ApplianceForm
            onSaved={() => {
              setAdding(false)
              void state.reload()
              void care.reload()
            }}
          />
        ) : null}
      </Popup>
    </PageShell>
  )
}
