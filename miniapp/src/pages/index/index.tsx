import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { APPLIANCE_CATEGORIES, ROLE_LABELS } from '@fangxin/shared'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { toast } from '@/platform/toast'
import { me } from '@/services/auth'
import { session, useSession } from '@/services/session'
import { Button, Grid, GridItem, Tag } from '@/ui'
import './index.scss'

/** The four promises the platform makes to every customer. */
const PROMISES = [
  { title: '认证工程师', detail: '持证上岗，实名可查' },
  { title: '明码标价', detail: '价目公开，先报价后施工' },
  { title: '24小时响应', detail: '下单后 24 小时内联系上门' },
  { title: '免费二次上门', detail: '保修期内同一故障免费返修' },
] as const

export default function HomePage() {
  const current = useSession()

  // Refresh the signed-in user (name, outlet) each time the page shows; a dead session clears itself in the client.
  useDidShow(() => {
    if (session.get()) me().catch(() => undefined)
  })

  return (
    <View className='page home'>
      <View className='home__hero'>
        <Text className='home__brand'>放心服务</Text>
        <Text className='home__slogan'>家电售后，放心到家</Text>
      </View>

      <View className='card home__user'>
        {current ? (
          <View className='home__user-row' onClick={() => navigateTo(ROUTES.profile)}>
            <View>
              <Text className='home__greeting'>您好，{current.user.name}</Text>
              <Tag type='primary' plain>
                {ROLE_LABELS[current.user.role]}
              </Tag>
            </View>
            <Text className='muted'>我的 ›</Text>
          </View>
        ) : (
          <View className='home__user-row'>
            <Text className='home__greeting'>登录后预约上门服务</Text>
            <Button type='primary' size='small' onClick={() => navigateTo(ROUTES.login)}>
              登录
            </Button>
          </View>
        )}
      </View>

      <View className='home__promises'>
        {PROMISES.map((p) => (
          <View key={p.title} className='home__promise'>
            <Text className='home__promise-title'>{p.title}</Text>
            <Text className='home__promise-detail'>{p.detail}</Text>
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card-title'>服务品类</Text>
        <Grid columns={3}>
          {APPLIANCE_CATEGORIES.map((c) => (
            <GridItem key={c.code} text={c.name} onClick={() => toast(`${c.name}在线预约即将开放`)}>
              <View className='home__category-icon'>{c.name.slice(0, 1)}</View>
            </GridItem>
          ))}
        </Grid>
      </View>

      <View className='home__engineer' onClick={() => navigateTo(ROUTES.engineerHome)}>
        <Text className='muted'>我是工程师 · 进入工程师模式 ›</Text>
      </View>
    </View>
  )
}
