import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ROLE_LABELS } from '@fangxin/shared'
import { PageShell } from '@/components/PageShell'
import { navigateTo, reLaunch, ROUTES } from '@/platform/navigation'
import { toast } from '@/platform/toast'
import { logout } from '@/services/auth'
import { preferences, usePreferences } from '@/services/preferences'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Cell, CellGroup } from '@/ui/Cell'
import { Switch } from '@/ui/Switch'
import { Policies } from './Policies'
import { MessageChannels } from '@/components/MessageChannels'
import './index.scss'

/** 长辈模式 lives here for everyone, signed in or not: it is a setting of the phone, not of the account. */
function LargeTextSwitch() {
  const { largeText } = usePreferences()
  return (
    <CellGroup title='显示'>
      <Cell
        title='长辈模式（大字体）'
        description='放大全部文字，更易阅读'
        extra={<Switch checked={largeText} onChange={(on) => preferences.set({ largeText: on })} ariaLabel='长辈模式' />}
      />
    </CellGroup>
  )
}

export default function ProfilePage() {
  const current = useSession()
  const [leaving, setLeaving] = useState(false)

  async function handleLogout() {
    setLeaving(true)
    await logout()
    setLeaving(false)
    toast('已退出登录')
    reLaunch(ROUTES.home)
  }

  if (!current) {
    return (
      <PageShell className='profile'>
        <View className='card profile__empty'>
          <Text className='muted'>尚未登录</Text>
          <Button type='primary' block onClick={() => navigateTo(ROUTES.login)}>
            登录
          </Button>
        </View>
        <LargeTextSwitch />
        <Policies customer={false} />
      </PageShell>
    )
  }

  const { user } = current
  return (
    <PageShell className='profile'>
      <CellGroup>
        <Cell title='姓名' extra={user.name} />
        <Cell title='身份' extra={ROLE_LABELS[user.role]} />
        {user.phoneMasked ? <Cell title='手机号' extra={user.phoneMasked} /> : null}
        {user.username ? <Cell title='用户名' extra={user.username} /> : null}
        {user.outletName ? <Cell title='所属网点' extra={user.outletName} /> : null}
      </CellGroup>
      {user.role === 'customer' ? (
        <CellGroup title='我的服务'>
          <Cell title='我的订单' extra='›' onClick={() => navigateTo(ROUTES.orders)} />
          <Cell title='消息通知' extra='›' onClick={() => navigateTo(ROUTES.notifications)} />
          <Cell title='我的地址' extra='›' onClick={() => navigateTo(ROUTES.addresses)} />
          <Cell title='我的家电' extra='›' onClick={() => navigateTo(ROUTES.appliances)} />
          <Cell title='我的投诉' extra='›' onClick={() => navigateTo(ROUTES.complaints)} />
          <Cell title='核验工程师' extra='›' onClick={() => navigateTo(ROUTES.verify)} />
          <Cell title='服务价目表' extra='›' onClick={() => navigateTo(ROUTES.priceList)} />
        </CellGroup>
      ) : null}
      {user.role === 'customer' ? <MessageChannels /> : null}
      <LargeTextSwitch />
      <Policies customer={user.role === 'customer'} />
      {user.role === 'engineer' ? (
        <Button className='profile__action' block onClick={() => navigateTo(ROUTES.engineerHome)}>
          进入工程师模式
        </Button>
      ) : null}
      <Button className='profile__action' type='danger' fill='outline' block loading={leaving} onClick={handleLogout}>
        退出登录
      </Button>
    </PageShell>
  )
}
