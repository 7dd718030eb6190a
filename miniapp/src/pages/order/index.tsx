import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ACTIVE_STATUSES, categoryName, isTerminal, cardCheckNotice, lastCardCheck, type OrderTimeline as Timeline, type OrderView } from '@fangxin/shared'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { assignedEngineerName, Deadlines, StatusTag, TimelineList } from '@/components/OrderProgress'
import { OrderContacts } from '@/components/OrderContacts'
import { PageShell } from '@/components/PageShell'
import { PhotoGrid } from '@/components/PhotoGrid'
import { ConfirmSheet, quoteSheetLines } from '@/components/ConfirmSheet'
import { QuoteItems } from '@/components/QuoteItems'
import { ReasonDialog } from '@/components/ReasonDialog'
import { ServiceReport } from '@/components/ServiceReport'
import { SlotPicker } from '@/components/SlotPicker'
import { useAsync } from '@/hooks/useAsync'
import { useOrderPhotos } from '@/hooks/useOrderPhotos'
import { useReloadOnShow } from '@/hooks/useReloadOnShow'
import { useRunner } from '@/hooks/useRunner'
import { OrderOrigin } from '@/components/OrderOrigin'
import { navigateTo, ROUTES, usePageParams } from '@/platform/navigation'
import { toast, toastSuccess } from '@/platform/toast'
import { ordersApi, type SlotChoice } from '@/services/orders'
import { askSubscribe } from '@/services/subscribe'
import { Button } from '@/ui/Button'
import { Cell, CellGroup } from '@/ui/Cell'
import { Dialog } from '@/ui/Dialog'
import { NoticeBar } from '@/ui/NoticeBar'
import { Popup } from '@/ui/Popup'
import { Tag } from '@/ui/Tag'
import { Words } from '@/ui/Words'
import { dateTime, districtText, serviceText, slotText, yuan } from '@/utils/format'
import { AfterService } from './AfterService'
import { ServiceCodePanel } from './ServiceCodePanel'
import { NoShowNotice } from './NoShowNotice'
import { OrderPayment } from './OrderPayment'
import './index.scss'
import { UrgentTag } from '@/components/UrgentTag'

type Dialogs = 'cancel' | 'reject' | 'accept' | 'confirm' | null

/** The latest card verification on the order (S3), from its timeline: the shared rule the server also applies. */
export function lastVerification(timeline: Timeline | null): { match: boolean; verdict: string; at: string } | null {
  return lastCardCheck(timeline?.events)
}

export default function OrderPage() {
  const { id = '', paying } = usePageParams()
  const order = useAsync(() => ordersApi.get(id), [id])
  const timeline = useAsync(() => ordersApi.timeline(id), [id])
  const photos = useOrderPhotos(order.data)
  const [dialog, setDialog] = useState<Dialogs>(null)
  const [dialogError, setDialogError] = useState<string | null>(null)
  const [rescheduling, setRescheduling] = useState(false)
  const [newSlot, setNewSlot] = useState<SlotChoice | null>(null)
  const runner = useRunner((err) => {
    if (dialog) setDialogError(errorText(err))
    else toast(errorText(err))
  })

  useReloadOnShow(() => Promise.all([order.reload(), timeline.reload()]))

  /** Runs a transition, shows the order the server answered with, and appends to the timeline. */
  async function act(key: string, call: () => Promise<OrderView>, done: string) {
    const next = await runner.run(key, call)
    if (!next) return
    order.setData(next)
    setDialog(null)
    setDialogError(null)
    setRescheduling(false)
    toastSuccess(done)
    void timeline.reload()
  }

  function open(which: Dialogs) {
    setDialogError(null)
    setDialog(which)
  }

  return (
    <PageShell className='order-detail'>
      <AsyncContent state={order}>
        {(o) => {
          const can = (a: OrderView['actions'][number]) => o.actions.includes(a)
          const quote = o.quotes.at(-1)
          const engineerName = assignedEngineerName(timeline.data, o.engineerId)
          const verified = lastVerification(timeline.data)
          // Issue 18: after a card check that failed on identity the quote cannot be confirmed until a check passes (the server agrees).
          const cardNotice = cardCheckNotice(timeline.data?.events)
          return (
            <>
              <View className='card order-detail__head'>
                <View className='order-detail__title-row'>
                  <Words className='order-detail__title' text={serviceText(o.category, o.serviceType)} />
                  <StatusTag status={o.status} label={o.statusLabel} />
                </View>
                <Text className='muted'>订单号 {o.orderNo}</Text>
                <UrgentTag urgent={o.urgent} />
                {o.parentOrderId ? <Tag type='primary'>免费二次上门</Tag> : null}
                <OrderOrigin order={o} />
              </View>

              {o.partsWait ? (
                <NoticeBar
                  className='order-detail__notice'
                  content={`等待配件：${o.partsWait.reason}，预计 ${o.partsWait.expectedDate} 到货。等待期间服务时限暂停计时。`}
                  wrap
                />
              ) : null}
              {o.cancellation ? (
                <NoticeBar className='order-detail__notice' content={`订单已取消：${o.cancellation.reason}`} wrap />
              ) : null}
              <NoShowNotice order={o} onChanged={(next) => { order.setData(next); void timeline.reload() }} />

              <CellGroup title='预约信息'>
                <Cell title='预约时间' extra={<Words text={slotText(o.slot)} />} />
                <Cell title='联系人' extra={`${o.contact.name} ${o.contact.phone}`} />
                <Cell title='服务地址' description={`${districtText(o.contact.districtCode)} ${o.contact.detail}`} />
                {o.appliance ? (
                  <Cell
                    title={`${categoryName(o.category)}：${o.appliance.brand} ${o.appliance.model}`}
                    extra={o.appliance.inWarranty ? '保修期内' : '已过保'}
                  />
                ) : null}
                <Cell title='故障描述' description={o.fault.description} />
                {o.fault.photoIds.length > 0 ? (
                  <Cell title={`故障照片（${o.fault.photoIds.length} 张）`} description={<PhotoGrid ids={o.fault.photoIds} photos={photos} label='故障照片' />} />
                ) : null}
              </CellGroup>

              {o.deadlines?.length ? (
                <View className='card'>
                  <Text className='card-title'>服务时限</Text>
                  <Deadlines deadlines={o.deadlines} />
                </View>
              ) : null}

              {o.engineerId ? (
                <View className='card order-detail__engineer'>
                  <Text className='card-title'>上门工程师</Text>
                  <Text className='order-detail__engineer-name'>{engineerName ?? '已指派工程师'}</Text>
                  {verified ? (
                    <Tag type={verified.match ? 'success' : 'danger'}>
                      <Words text={verified.match ? `已核验：真实有效，为本单工程师（${dateTime(verified.at)}）` : `最近一次核验未通过（${dateTime(verified.at)}）`} />
                    </Tag>
                  ) : isTerminal(o.status) ? null : (
                    <Text className='muted'>工程师上门时，请扫描其电子工作证核验身份。</Text>
                  )}
                  {isTerminal(o.status) ? null : (
                    <Button className='order-detail__verify' type='primary' fill='outline' block onClick={() => navigateTo(ROUTES.verify, { orderId: o.id })}>
                      核验工程师工作证
                    </Button>
                  )}
                </View>
              ) : null}

              {can('show_service_code') ? <ServiceCodePanel issue={() => ordersApi.serviceCode(o.id)} /> : null}

              {(ACTIVE_STATUSES as readonly string[]).includes(o.status) ? <OrderContacts orderId={o.id} side='customer' /> : null}

              {quote ? (
                <View className='card'>
                  <QuoteItems quote={quote} />
                  {can('confirm_quote') && quote.status === 'pending' ? (
                    <View className='order-detail__quote-actions'>
                      <Text className='muted'>确认报价后工程师才会开始服务；最终结算不会超过确认的金额。</Text>
                      <Button type='primary' block size='large' loading={runner.busy === 'confirm'} onClick={() => open('confirm')}>
                        确认报价 {yuan(quote.totalFen)}
                      </Button>
                      {can('reject_quote') ? (
                        <Button type='danger' fill='outline' block onClick={() => open('reject')}>
                          拒绝报价
                        </Button>
                      ) : null}
                    </View>
                  ) : null}
                </View>
              ) : null}

              <ServiceReport order={o} photos={photos} />

              {/* Issue 20.4: what is due online (pay in WeChat), the result on coming back, what was paid and how, refunds. */}
              <OrderPayment order={o} returned={paying === '1'} onPaid={() => { void order.reload(); void timeline.reload() }} />

              <View className='order-detail__actions'>
                {can('accept_work') ? (
                  <Button type='primary' size='large' block onClick={() => open('accept')}>
                    确认服务完成
                  </Button>
                ) : null}
                {can('reschedule') ? (
                  <Button type='primary' fill='outline' block onClick={() => { setNewSlot(null); setRescheduling(true) }}>
                    改约时间
                  </Button>
                ) : null}
                {can('cancel') ? (
                  <Button type='danger' fill='outline' block onClick={() => open('cancel')}>
                    取消订单
                  </Button>
                ) : null}
              </View>

              <AfterService order={o} />

              <View className='card'>
                <Text className='card-title'>服务进度</Text>
                <AsyncContent state={timeline}>{(t) => <TimelineList timeline={t} />}</AsyncContent>
              </View>

              <ReasonDialog
                visible={dialog === 'cancel'}
                title='取消订单'
                placeholder='请填写取消原因'
                confirmText='确认取消'
                error={dialogError}
                busy={runner.busy === 'cancel'}
                onCancel={() => setDialog(null)}
                onConfirm={(reason) => act('cancel', () => ordersApi.cancel(o.id, reason), '订单已取消')}
              />
              {quote && quote.status === 'pending' ? (
                <ConfirmSheet
                  visible={dialog === 'confirm'}
                  title='确认报价'
                  lead='请逐项核对。确认后工程师才开始服务，最终收费不会超过这个金额。'
                  lines={quoteSheetLines(quote.items)}
                  totalFen={quote.totalFen}
                  confirmText={`确认并同意支付 ${yuan(quote.totalFen)}`}
                  warning={cardNotice?.text ?? null}
                  blocked={cardNotice?.blocking ?? false}
                  blockedAction={{ text: '重新核验工程师工作证', onClick: () => { setDialog(null); navigateTo(ROUTES.verify, { orderId: o.id }) } }}
                  error={dialogError}
                  busy={runner.busy === 'confirm'}
                  onCancel={() => setDialog(null)}
                  onConfirm={() => act('confirm', async () => {
                    await askSubscribe('quote_waiting')
                    return ordersApi.confirmQuote(o.id, quote.no)
                  }, '已确认报价')}
                />
              ) : null}
              {quote ? (
                <ReasonDialog
                  visible={dialog === 'reject'}
                  title='拒绝报价'
                  placeholder='请告诉工程师拒绝的原因，例如价格或项目有疑问'
                  confirmText='拒绝报价'
                  error={dialogError}
                  busy={runner.busy === 'reject'}
                  onCancel={() => setDialog(null)}
                  onConfirm={(reason) => act('reject', () => ordersApi.rejectQuote(o.id, quote.no, reason), '已拒绝报价')}
                />
              ) : null}
              <Dialog
                visible={dialog === 'accept'}
                title='确认服务完成'
                content={dialogError ?? '确认工程师已完成服务、故障已解决？确认后订单关闭，您可以对本次服务进行评价。'}
                confirmText='确认完成'
                cancelText='再看看'
                disableConfirmButton={runner.busy === 'accept'}
                onCancel={() => setDialog(null)}
                onConfirm={() => act('accept', () => ordersApi.acceptWork(o.id), '已确认完成')}
              />
              <Popup visible={rescheduling} position='bottom' round closeable title='改约时间' onClose={() => setRescheduling(false)}>
                <View className='order-detail__reschedule'>
                  {rescheduling ? (
                    <SlotPicker districtCode={o.contact.districtCode} category={o.category} value={newSlot} onChange={setNewSlot} />
                  ) : null}
                  <Button
                    type='primary'
                    block
                    disabled={!newSlot}
                    loading={runner.busy === 'reschedule'}
                    onClick={() => newSlot && act('reschedule', () => ordersApi.reschedule(o.id, newSlot), '已改约')}
                  >
                    {newSlot ? `改约到 ${slotText(newSlot)}` : '请选择新的时段'}
                  </Button>
                </View>
              </Popup>
            </>
          )
        }}
      </AsyncContent>
    </PageShell>
  )
}
