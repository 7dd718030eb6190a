import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { ROLE_LABELS } from '@fangxin/shared'
import { reLaunch, ROUTES } from '@/platform/navigation'
import { logout, me } from '@/services/auth'
import { session, useSession } from '@/services/session'
import { Button, Cell, CellGroup } from '@/ui'
import { StaffLoginForm } from './StaffLoginForm'
import './index.scss'

/** Engineer mode: who is on duty and for which outlet. Work orders will hang off this page. */
export default function EngineerHomePage() {
  const current = useSession()
  const [leaving, setLeaving] = useState(false)
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

  return (
    <View className='page engineer'>
      <View className='engineer__banner'>
        <Text className='engineer__mode'>工程师模式</Text>
        <Text className='engineer__brand'>放心服务</Text>
      </View>
      {engineer ? (
        <>
          <CellGroup>
            <Cell title='工程师' extra={engineer.name} />
            <Cell title='所属网点' extra={engineer.outletName ?? '未分配网点'} />
            {engineer.username ? <Cell title='用户名' extra={engineer.username} /> : null}
          </CellGroup>
          <Button className='engineer__action' type='danger' fill='outline' block loading={leaving} onClick={handleLogout}>
            退出登录
          </Button>
        </>
      ) : (
        <>
          {current ? (
            <Text className='muted engineer__notice'>
              当前登录的是{ROLE_LABELS[current.user.role]}账号「{current.user.name}」，登录工程师账号将替换当前登录。
            </Text>
          ) : null}
          <StaffLoginForm />
        </>
      )}
    </View>
  )
}
