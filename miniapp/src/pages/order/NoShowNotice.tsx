import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { OrderView } from '@fangxin/shared'
import { errorText } from '@/components/AsyncContent'
import { RescheduleProposal } from '@/components/RescheduleProposal'
import { SlotPicker } from '@/components/SlotPicker'
import { useRunner } from '@/hooks/useRunner'
import { toast, toastSuccess } from '@/platform/toast'
import { noShowApi } from '@/services/no-show'
import type { SlotChoice } from '@/services/orders'
import { Button } from '@/ui/Button'

/**
 * Issue 20.1, customer side: the engineer is at the door and nobody answers (answer in one tap), what happened
 * when the visit ended as a no-show (in plain words) and picking a new time; the rescheduling by agreement.
 */
export function NoShowNotice({ order, onChanged }: { order: OrderView; onChanged(next: OrderView): void }) {
  const can = (a: OrderView['actions'][number]) => order.actions.includes(a)
  const [slot, setSlot] = useState<SlotChoice | null>(null)
  const runner = useRunner((err) => toast(errorText(err)))
  const ns = order.noShow

  async function run(key: string, call: () => Promise<OrderView>, done: string) {
    const next = await runner.run(key, call)
    if (!next) return
    onChanged(next)
    toastSuccess(done)
  }

  return (
    <>
      {ns && ns.state !== 'rebooked' && ns.state !== 'answered' ? (
        <View className={`card order-detail__no-show order-detail__no-show--${ns.state}`} data-testid='no-show-notice'>
          <Text className='card-title'>{ns.state === 'no_show' ? '上门未遇' : '工程师在您家门口'}</Text>
          <Text className='order-detail__no-show-text'>{ns.notice}</Text>
          {can('answer_door') ? (
            <Button type='primary' size='large' block loading={runner.busy === 'answer'} onClick={() => run('answer', () => noShowApi.answerDoor(order.id), '已告诉工程师')}>
              我在家，马上开门
            </Button>
          ) : null}
          {can('rebook_after_no_show') ? (
            <>
              <Text className='muted'>请选择新的上门时间：</Text>
              <SlotPicker districtCode={order.contact.districtCode} category={order.category} value={slot} onChange={setSlot} />
              <Button type='primary' size='large' block disabled={!slot} loading={runner.busy === 'rebook'} onClick={() => slot && run('rebook', () => noShowApi.rebook(order.id, slot), '已重新预约')}>
                确认新的上门时间
              </Button>
            </>
          ) : null}
        </View>
      ) : null}
      {order.status === 'on_the_way' ? <RescheduleProposal order={order} onChanged={onChanged} /> : null}
    </>
  )
}
