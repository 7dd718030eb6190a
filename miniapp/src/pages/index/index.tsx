import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { APPLIANCE_CATEGORIES, categoryMark, homePromises, ROLE_LABELS, SERVICE_TYPES } from '@fangxin/shared'
import { PageShell } from '@/components/PageShell'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { me } from '@/services/auth'
import { notificationsApi } from '@/services/notifications'
import { usePromises } from '@/services/promises'
import { session, useSession } from '@/services/session'
import { Badge } from '@/ui/Badge'
import { Button } from '@/ui/Button'
import { Grid, GridItem } from '@/ui/Grid'
import { Tag } from '@/ui/Tag'
import './index.scss'

const SHORTCUTS = [
  { key: 'book', title: '预约服务', route: ROUTES.booking },
  { key: 'orders', title: '我的订单', route: ROUTES.orders },
  { key: 'prices', title: '价目表', route: ROUTES.priceList },
  { key: 'verify', title: '核验身份', route: ROUTES.verify },
] as const

export default function HomePage() {
  const current = useSession()
  const [unread, setUnread] = useState(0)
  // The four promises the platform makes to every customer (docs/STANDARDS.md S1, S3, S5, S8), with the configured numbers.
  const promises = homePromises(usePromises())

  // Refresh the signed-in user (name, outlet) and the unread count each time the page shows.
  useDidShow(() => {
    if (!session.get()) return
    me().catch(() => undefined)
    if (session.get()?.user.role === 'customer') {
      notificationsApi
        .list({ unread: true, pageSize: 1 })
        .then((page) => setUnread(page.unread))
        .catch(() => undefined)
    }
  })

  return (
    <PageShell className='home'>
      <View className='home__hero'>
        <Text className='home__brand'>放心服务</Text>
        <Text className='home__slogan'>家电售后，放心到家</Text>
        <Button className='home__book' type='default' size='large' onClick={() => navigateTo(ROUTES.booking)}>
          立即预约上门
        </Button>
      </View>

      <View className='card home__user'>
        {current ? (
          <View className='home__user-row'>
            <View onClick={() => navigateTo(ROUTES.profile)}>
              <Text className='home__greeting'>您好，{current.user.name}</Text>
              <Tag type='primary'>
                {ROLE_LABELS[current.user.role]}
              </Tag>
            </View>
            <View className='home__user-links'>
              {current.user.role === 'customer' ? (
                <View className='home__bell' onClick={() => navigateTo(ROUTES.notifications)}>
                  <Badge value={unread > 0 ? unread : undefined} max={99}>
                    <Text className='home__bell-text'>消息</Text>
                  </Badge>
                </View>
              ) : null}
              <Text className='muted' onClick={() => navigateTo(ROUTES.profile)}>
                我的 ›
              </Text>
            </View>
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

      <View className='card home__shortcuts'>
        {/* No gap between the four: in large type on a narrow phone 预约服务 needs the whole quarter. */}
        <Grid columns={4} gap={0}>
          {SHORTCUTS.map((s) => (
            <GridItem key={s.key} text={s.title} onClick={() => navigateTo(s.route)}>
              <View className={`home__shortcut-icon home__shortcut-icon--${s.key}`}>{s.title.slice(0, 1)}</View>
            </GridItem>
          ))}
        </Grid>
      </View>

      <Text className='home__section'>我们的服务承诺</Text>
      <View className='home__promises'>
        {promises.map((p) => (
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
            <GridItem key={c.code} text={c.name} onClick={() => navigateTo(ROUTES.booking, { category: c.code })}>
              <View className='home__category-icon'>{categoryMark(c.code)}</View>
            </GridItem>
          ))}
        </Grid>
        <View className='home__service-types'>
          {SERVICE_TYPES.map((s) => (
            <Tag key={s.code} type='primary'>
              {s.name}
            </Tag>
          ))}
        </View>
        <Text className='muted home__price-link' onClick={() => navigateTo(ROUTES.priceList)}>
          所有服务均按公开价目表收费，查看价目表 ›
        </Text>
      </View>

      <View className='home__engineer' onClick={() => navigateTo(ROUTES.engineerHome)}>
        <Text className='muted'>我是工程师 · 进入工程师模式 ›</Text>
      </View>
    </PageShell>
  )
}
