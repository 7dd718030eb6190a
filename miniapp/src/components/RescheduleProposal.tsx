import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { OrderView } from '@fangxin/shared'
import { SlotPicker } from '@/components/SlotPicker'
import { errorText } from '@/components/AsyncContent'
import { useRunner } from '@/hooks/useRunner'
import { toast, toastSuccess } from '@/platform/toast'
import { noShowApi } from '@/services/no-show'
import type { SlotChoice } from '@/services/orders'
import { Button } from '@/ui/Button'

/**
 * Issue 20.1: after the engineer set off, the time moves only by agreement. Either side proposes a window; the other
 * sees it here and agrees or not. Shown only when the server offers one of these steps.
 */
export function RescheduleProposal({ order, onChanged }: { order: OrderView; onChanged(next: OrderView): void }) {
  const can = (a: OrderView['actions'][number]) => order.actions.includes(a)
  const [picking, setPicking] = useState(false)
  const [slot, setSlot] = useState<SlotChoice | null>(null)
  const runner = useRunner((err) => toast(errorText(err)))
  const p = order.rescheduleProposal
  if (!can('propose_reschedule') && !can('accept_reschedule') && !p) return null

  async function run(key: string, call: () => Promise<OrderView>, done: string) {
    const next = await runner.run(key, call)
    if (!next) return
    setPicking(false)
    setSlot(null)
    onChanged(next)
    toastSuccess(done)
  }

  return (
    <View className='card' data-testid='reschedule-proposal'>
      <Text className='card-title'>改约上门时间</Text>
      {p ? <Text className='muted'>{can('accept_reschedule') ? `${p.text}，您同意吗？` : `${p.text}，等待对方答复。`}</Text> : null}
      {can('accept_reschedule') ? (
        <View className='engineer-order__actions'>
          <Button type='primary' block loading={runner.busy === 'accept'} onClick={() => run('accept', () => noShowApi.accept(order.id), '已同意改约')}>
            同意改约
          </Button>
          <Button fill='outline' block loading={runner.busy === 'decline'} onClick={() => run('decline', () => noShowApi.decline(order.id), '已告知对方')}>
            不同意
          </Button>
        </View>
      ) : null}
      {can('propose_reschedule') && !can('accept_reschedule') ? (
        picking ? (
          <>
            <SlotPicker districtCode={order.contact.districtCode} category={order.category} value={slot} onChange={setSlot} />
            <Button type='primary' block disabled={!slot} loading={runner.busy === 'propose'} onClick={() => slot && run('propose', () => noShowApi.propose(order.id, slot), '已发给对方确认')}>
              提议改到这个时间
            </Button>
          </>
        ) : (
          <Button fill='outline' block onClick={() => setPicking(true)}>
            {p ? '换一个时间提议' : '提议改约（需对方同意）'}
          </Button>
        )
      ) : null}
    </View>
  )
}
