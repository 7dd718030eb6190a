import { Text, View } from '@tarojs/components'
import type { ComplaintSummary } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { useReloadOnShow } from '@/hooks/useReloadOnShow'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { qualityApi } from '@/services/quality'
import { useSession } from '@/services/session'
import { Empty } from '@/ui/Empty'
import { Tag } from '@/ui/Tag'
import { dateTime } from '@/utils/format'
import '../manage.scss'

export function ComplaintCard({ c }: { c: ComplaintSummary }) {
  return (
    <View className='card manage__item' onClick={() => navigateTo(ROUTES.complaint, { id: c.id })}>
      <View className='manage__item-head'>
        <Text className='manage__item-title'>{c.categoryLabel}</Text>
        <Tag type={c.status === 'closed' ? 'default' : c.status === 'resolved' ? 'success' : 'warning'}>{c.statusLabel}</Tag>
      </View>
      <Text className='muted'>{c.excerpt}</Text>
      <Text className='muted'>
        订单 {c.orderNo} · 提交于 {dateTime(c.filedAt)}
        {c.nextDueAt ? ` · 处理期限 ${dateTime(c.nextDueAt)}` : ''}
      </Text>
      {c.breached ? <Tag type='danger'>已超过处理时限</Tag> : null}
    </View>
  )
}

/** S9: the customer's complaints, with where each stands and its deadline. */
export default function ComplaintsPage() {
  const current = useSession()
  const customer = current?.user.role === 'customer'
  const state = useAsync(async () => (customer ? (await qualityApi.myComplaints()).items : []), [customer])
  useReloadOnShow(state.reload)
  if (!customer) {
    return (
      <PageShell>
        <SignInPrompt message='登录后查看投诉' />
      </PageShell>
    )
  }
  return (
    <PageShell className='manage'>
      <AsyncContent state={state} empty={<Empty size='small' title='没有投诉记录' description='对服务不满意，可在订单页发起投诉' />}>
        {(items) => items.map((c) => <ComplaintCard key={c.id} c={c} />)}
      </AsyncContent>
    </PageShell>
  )
}
