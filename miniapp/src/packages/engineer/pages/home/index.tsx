import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { ROLE_LABELS, type OrderSummary } from '@fangxin/shared'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { useAsync } from '@/hooks/useAsync'
import { useReloadOnShow } from '@/hooks/useReloadOnShow'
import { useRunner } from '@/hooks/useRunner'
import { navigateTo, reLaunch, ROUTES } from '@/platform/navigation'
import { toast, toastSuccess } from '@/platform/toast'
import { logout, me } from '@/services/auth'
import { engineerApi, type TaskScope } from '@/services/engineer'
import { session, useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Cell, CellGroup } from '@/ui/Cell'
import { Empty } from '@/ui/Empty'
import { TabPane, Tabs } from '@/ui/Tabs'
import { QualityPanel } from '../../components/QualityPanel'
import { ExemplarTitles } from '../../components/ExemplarTitles'
import { TaskCard } from '../../components/TaskCard'
import { StaffLoginForm } from './StaffLoginForm'
import './index.scss'

type Tab = 'offers' | TaskScope

export const TASK_TABS: Array<{ key: Tab; title: string; empty: string }> = [
  { key: 'today', title: '今日', empty: '今天没有待上门的订单' },
  { key: 'offers', title: '抢单', empty: '暂无可抢的订单' },
  { key: 'upcoming', title: '待上门', empty: '没有之后几天的订单' },
  { key: 'history', title: '历史', empty: '还没有完成的订单' },
]

function Tasks({ tab }: { tab: Tab }) {
  const state = useAsync<OrderSummary[]>(
    async () => (tab === 'offers' ? engineerApi.offers() : (await engineerApi.tasks(tab)).items),
    [tab],
  )
  const runner = useRunner((err) => {
    toast(errorText(err))
    void state.reload()
  })
  useReloadOnShow(state.reload)
  const spec = TASK_TABS.find((t) => t.key === tab)!

  return (
    <AsyncContent state={state} empty={<Empty size='small' title={spec.empty} />}>
      {(orders) =>
        orders.map((o) => (
          <TaskCard
            key={o.id}
            order={o}
            action={
              tab === 'offers' ? (
                <Button
                  type='primary'
                  size='small'
                  loading={runner.busy === o.id}
                  onClick={async () => {
                    const taken = await runner.run(o.id, () => engineerApi.claim(o.id))
                    if (taken) {
                      toastSuccess('抢单成功')
                      navigateTo(ROUTES.engineerOrder, { id: o.id })
                    }
                  }}
                >
                  抢单
                </Button>
              ) : undefined
            }
          />
        ))
      }
    </AsyncContent>
  )
}

/** Engineer mode: sign-in, then the day's work — offers, today's and upcoming tasks, history — and the work card. */
export default function EngineerHomePage() {
  const current = useSession()
  const [leaving, setLeaving] = useState(false)
  const [tab, setTab] = useState<Tab>('today')
  const engineer = current?.user.role === 'engineer' ? current.user : null

  useDidShow(() => {
    if (session.get()?.user.role === 'engineer') me().catch(() => undefined)
  })

  async function handleLogout() {
    setLeaving(true)
    await logout()
    setLeaving(false)
    reLaunch(ROUTES.home)
  }

  if (!engineer) {
    return (
      <PageShell className='engineer'>
        <View className='engineer__banner'>
          <Text className='engineer__mode'>工程师模式</Text>
          <Text className='engineer__brand'>放心服务</Text>
        </View>
        {current ? (
          <Text className='muted engineer__notice'>
            当前登录的是{ROLE_LABELS[current.user.role]}账号「{current.user.name}」，登录工程师账号将替换当前登录。
          </Text>
        ) : null}
        <StaffLoginForm />
      </PageShell>
    )
  }

  return (
    <PageShell className='engineer'>
      <View className='engineer__banner'>
        <Text className='engineer__mode'>工程师模式</Text>
        <Text className='engineer__brand'>放心服务</Text>
      </View>
      <CellGroup>
        <Cell title='工程师' extra={engineer.name} />
        <Cell title='所属网点' extra={engineer.outletName ?? '未分配网点'} />
        <Cell title='消息通知' extra='›' onClick={() => navigateTo(ROUTES.notifications)} />
        <Cell title='我的申诉' extra='›' onClick={() => navigateTo(ROUTES.engineerAppeals)} />
      </CellGroup>
      <Button className='engineer__card-button' type='primary' size='large' block onClick={() => navigateTo(ROUTES.engineerCard)}>
        出示电子工作证
      </Button>
      <View className='engineer__tasks'>
        <Tabs value={tab} onChange={(v) => setTab(String(v) as Tab)} activeType='line'>
          {TASK_TABS.map((t) => (
            <TabPane key={t.key} value={t.key} title={t.title} />
          ))}
        </Tabs>
        <Tasks key={tab} tab={tab} />
      </View>
      <ExemplarTitles />
      <QualityPanel />
      <Button className='engineer__action' type='danger' fill='outline' block loading={leaving} onClick={handleLogout}>
        退出登录
      </Button>
    </PageShell>
  )
}
