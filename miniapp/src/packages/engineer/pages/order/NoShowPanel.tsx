import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { OrderView } from '@fangxin/shared'
import { errorText } from '@/components/AsyncContent'
import { PhotoUploader } from '@/components/PhotoUploader'
import { RescheduleProposal } from '@/components/RescheduleProposal'
import { useRunner } from '@/hooks/useRunner'
import { useSecondsUntil } from '@/hooks/useSecondsUntil'
import { deviceLocation } from '@/platform/location'
import { toast, toastSuccess } from '@/platform/toast'
import { noShowApi } from '@/services/no-show'
import { Button } from '@/ui/Button'
import { dateTime } from '@/utils/format'

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`

/**
 * Issue 20.1 at the door, engineer side: nobody answers → a door photo and the location, then the waiting timer;
 * once it ran out, the visit may end as a customer no-show (it does not count against the engineer). Also the
 * rescheduling by agreement while on the way.
 */
export function NoShowPanel({ order, onChanged }: { order: OrderView; onChanged(next: OrderView): void }) {
  const can = (a: OrderView['actions'][number]) => order.actions.includes(a)
  const [photoIds, setPhotoIds] = useState<string[]>([])
  const runner = useRunner((err) => toast(err instanceof Error && !('status' in err) ? err.message : errorText(err)))
  const ns = order.noShow
  const left = useSecondsUntil(ns?.state === 'waiting' ? ns.waitUntil : null)

  async function run(key: string, call: () => Promise<OrderView>, done: string) {
    const next = await runner.run(key, call)
    if (!next) return
    onChanged(next)
    toastSuccess(done)
  }

  if (order.status !== 'on_the_way' && ns?.state !== 'no_show') return null

  return (
    <>
      {can('report_nobody_home') ? (
        <View className='card' data-testid='nobody-home'>
          <Text className='card-title'>客户家中无人应答？</Text>
          <Text className='muted'>先敲门、打电话联系客户。仍无人应答时，拍一张门口照片，允许获取位置，再点“已到达，无人应答”。系统会通知客户并开始计时。</Text>
          <PhotoUploader kind='report_photo' orderId={order.id} maxCount={1} onChange={setPhotoIds} hint='门口照片（门牌清晰）' />
          <Button
            type='warning'
            size='large'
            block
            disabled={photoIds.length === 0}
            loading={runner.busy === 'nobody'}
            onClick={() => run('nobody', async () => noShowApi.nobodyHome(order.id, { photoId: photoIds[0]!, location: await deviceLocation() }), '已通知客户，开始等待')}
          >
            已到达，无人应答
          </Button>
        </View>
      ) : null}

      {ns && ns.state !== 'rebooked' ? (
        <View className='card' data-testid='no-show-status'>
          <Text className='card-title'>{ns.state === 'no_show' ? '本次记为上门未遇' : ns.state === 'answered' ? '客户已回应' : '正在等待客户'}</Text>
          {ns.state === 'waiting' ? (
            <Text className='engineer-order__timer'>{`还需等待 ${clock(left)}（到 ${dateTime(ns.waitUntil).slice(11)}）`}</Text>
          ) : null}
          <Text className='muted'>
            {ns.state === 'waiting'
              ? '等待期间客户可能回电或开门。等待结束仍无人应答，可记为上门未遇：不计入您的到达时限和服务评分。'
              : ns.state === 'wait_over'
                ? `已等待 ${ns.waitMinutes} 分钟，客户仍未应答。`
                : ns.state === 'answered'
                  ? '客户说在家，马上开门。请扫客户的服务码签到。'
                  : `已通知客户重新预约。${ns.feeFen > 0 ? '按预约时告知的标准收取空跑费。' : '本单不收空跑费。'}不计入您的到达时限和服务评分。`}
          </Text>
          {can('end_no_show') ? (
            <Button type='danger' fill='outline' block loading={runner.busy === 'end'} onClick={() => run('end', () => noShowApi.endNoShow(order.id), '已记为上门未遇')}>
              记为上门未遇
            </Button>
          ) : null}
        </View>
      ) : null}

      {order.status === 'on_the_way' ? <RescheduleProposal order={order} onChanged={onChanged} /> : null}
    </>
  )
}
