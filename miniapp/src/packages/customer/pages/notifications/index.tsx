import { Text, View } from '@tarojs/components'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { useRunner } from '@/hooks/useRunner'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { toast } from '@/platform/toast'
import { notificationsApi } from '@/services/notifications'
import { useSession } from '@/services/session'
import type { NotificationView } from '@fangxin/shared'
import { Button } from '@/ui/Button'
import { Empty } from '@/ui/Empty'
import { dateTime } from '@/utils/format'
import '../manage.scss'

/** In-app notifications, newest first: tapping one marks it read and opens its order (or its page: a maintenance reminder books). */
export default function NotificationsPage() {
  const current = useSession()
  const signedIn = current !== null
  const state = useAsync(() => (signedIn ? notificationsApi.list({ pageSize: 50 }) : Promise.resolve(null)), [signedIn])
  const runner = useRunner((err) => toast(errorText(err)))

  if (!signedIn) {
    return (
      <PageShell>
        <SignInPrompt message='登录后查看消息' />
      </PageShell>
    )
  }

  async function open(n: NotificationView) {
    if (!n.read) {
      await runner.run(n.id, () => notificationsApi.markRead(n.id))
      void state.reload()
    }
    if (n.orderId) {
      navigateTo(current?.user.role === 'engineer' ? ROUTES.engineerOrder : ROUTES.order, { id: n.orderId })
    } else if (n.link) {
      // A message about no order opens its own page (a maintenance reminder: the booking page, prefilled).
      navigateTo(`/${n.link}`)
    }
  }

  return (
    <PageShell className='manage'>
      <AsyncContent state={state}>
        {(page) =>
          page && page.items.length > 0 ? (
            <>
              <View className='manage__item-actions'>
                <Text className='muted'>{page.unread > 0 ? `${page.unread} 条未读` : '全部已读'}</Text>
                {page.unread > 0 ? (
                  <Button size='small' fill='outline' loading={runner.busy === 'all'} onClick={() => runner.run('all', async () => {
                    await notificationsApi.markAllRead()
                    await state.reload()
                  })}>
                    全部已读
                  </Button>
                ) : null}
              </View>
              {page.items.map((n) => (
                <View key={n.id} className={`card manage__item ${n.read ? '' : 'notice-item--unread'}`} onClick={() => void open(n)}>
                  <View className='manage__item-head'>
                    <Text className='manage__item-title'>{n.title}</Text>
                    <Text className='muted'>{dateTime(n.createdAt)}</Text>
                  </View>
                  <Text className='muted'>{n.body}</Text>
                </View>
              ))}
            </>
          ) : (
            <Empty size='small' title='暂无消息' description='订单有新进展时会通知您' />
          )
        }
      </AsyncContent>
    </PageShell>
  )
}
