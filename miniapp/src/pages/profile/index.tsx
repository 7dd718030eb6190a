import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ROLE_LABELS } from '@fangxin/shared'
import { navigateTo, reLaunch, ROUTES } from '@/platform/navigation'
import { toast } from '@/platform/toast'
import { logout } from '@/services/auth'
import { useSession } from '@/services/session'
import { Button, Cell, CellGroup } from '@/ui'
import './index.scss'

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
      <View className='page profile'>
        <View className='card profile__empty'>
          <Text className='muted'>尚未登录</Text>
          <Button type='primary' block onClick={() => navigateTo(ROUTES.login)}>
            登录
          </Button>
        </View>
      </View>
    )
  }

  const { user } = current
  return (
    <View className='page profile'>
      <CellGroup>
        <Cell title='姓名' extra={user.name} />
        <Cell title='身份' extra={ROLE_LABELS[user.role]} />
        {user.phoneMasked ? <Cell title='手机号' extra={user.phoneMasked} /> : null}
        {user.username ? <Cell title='用户名' extra={user.username} /> : null}
        {user.outletName ? <Cell title='所属网点' extra={user.outletName} /> : null}
      </CellGroup>
      {user.role === 'engineer' ? (
        <Button className='profile__action' block onClick={() => navigateTo(ROUTES.engineerHome)}>
          进入工程师模式
        </Button>
      ) : null}
      <Button className='profile__action' type='danger' fill='outline' block loading={leaving} onClick={handleLogout}>
        退出登录
      </Button>
    </View>
  )
}
