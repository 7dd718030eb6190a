import { Text } from '@tarojs/components'
import { AsyncContent } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { useReloadOnShow } from '@/hooks/useReloadOnShow'
import { appealsApi } from '@/services/appeals'
import { useSession } from '@/services/session'
import { Empty } from '@/ui/Empty'
import { AppealCard } from './AppealCard'
import './index.scss'

/**
 * Issue 20.2: the engineer's appeals — complaints and missed deadlines he contested, where each stands, and the
 * platform's decision in its own words. An appeal is filed from the order (工单 → 申诉).
 */
export default function EngineerAppealsPage() {
  const current = useSession()
  const engineer = current?.user.role === 'engineer'
  const state = useAsync(async () => (engineer ? (await appealsApi.list()).items : []), [engineer])
  useReloadOnShow(state.reload)
  if (!engineer) {
    return (
      <PageShell>
        <SignInPrompt message='登录工程师账号后查看申诉' engineer />
      </PageShell>
    )
  }
  return (
    <PageShell className='appeals'>
      <Text className='muted appeals__intro'>对计入您质量分的投诉或超时记录有异议，可在工单页点“对本单投诉或超时记录申诉”，附上记录和照片，由平台审核。</Text>
      <AsyncContent state={state} empty={<Empty size='small' title='还没有申诉' description='在工单页可以对投诉或超时记录提出申诉' />}>
        {(items) => items.map((a) => <AppealCard key={a.id} a={a} />)}
      </AsyncContent>
    </PageShell>
  )
}
