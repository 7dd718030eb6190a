import { Text, View } from '@tarojs/components'
import { APPLIANCE_LIFE_TEXT, dayWords, type ApplianceLife } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { useReloadOnShow } from '@/hooks/useReloadOnShow'
import { navigateTo, ROUTES, usePageParams } from '@/platform/navigation'
import { appliancesApi } from '@/services/appliances'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Tag } from '@/ui/Tag'
import { Words } from '@/ui/Words'
import { yuan } from '@/utils/format'
import { SecondVisitOffer } from '../../components/SecondVisitOffer'
import './index.scss'

type LifeOrder = ApplianceLife['orders'][number]

function OrderTags({ o }: { o: LifeOrder }) {
  return (
    <View className='life__tags'>
      {o.secondVisitOf ? <Tag type='primary'>{APPLIANCE_LIFE_TEXT.secondVisit}</Tag> : null}
      {o.repeatOf ? <Tag type='warning'>{APPLIANCE_LIFE_TEXT.repeatOfBooking}</Tag> : null}
      {o.repeated ? <Tag type='danger'>{APPLIANCE_LIFE_TEXT.repeated}</Tag> : null}
      {o.warrantyRunning && o.warrantyUntil ? <Tag type='success'>保修至 {dayWords(o.warrantyUntil)}</Tag> : null}
    </View>
  )
}

/** One order on the appliance's life line: when, what, how it ended, what it cost, who came. */
function HistoryItem({ o }: { o: LifeOrder }) {
  const facts = [o.statusLabel, o.amountFen !== null ? yuan(o.amountFen) : null, o.engineerName ? `工程师 ${o.engineerName}` : null].filter(Boolean).join(' · ')
  return (
    <View className='life__event' data-testid='life-order' onClick={() => navigateTo(ROUTES.order, { id: o.id })}>
      <View className='life__dot' />
      <View className='life__event-body'>
        <Words className='life__event-title' text={`${dayWords(o.doneDay ?? o.day)} ${o.serviceName}`} />
        <Words className='life__event-facts' text={facts} />
        <Words className='muted' text={`问题：${o.fault}`} />
        {o.secondVisitOf ? <Words className='muted' text={`原订单 ${o.secondVisitOf.orderNo}`} /> : null}
        {o.repeatOf ? <Words className='muted' text={`上次维修订单 ${o.repeatOf.orderNo} 还在保修期内时预约`} /> : null}
        <OrderTags o={o} />
        <Text className='muted'>订单号 {o.orderNo} ›</Text>
      </View>
    </View>
  )
}

function Life({ life }: { life: ApplianceLife }) {
  const a = life.appliance
  return (
    <>
      <View className='card life__head'>
        <Words className='life__title' text={`${a.categoryName} · ${a.brand} ${a.model}`} />
        {a.purchaseDate ? <Text className='muted'>购买日期 {dayWords(a.purchaseDate)}</Text> : null}
        {a.serialNo ? <Text className='muted'>整机序列号 {a.serialNo}</Text> : null}
        <Text className='muted'>
          共 {life.orders.length} 次服务{life.secondVisits ? `，其中免费二次上门 ${life.secondVisits} 次` : ''}
        </Text>
      </View>

      {life.secondVisitOffer ? <SecondVisitOffer offer={life.secondVisitOffer} /> : null}

      <View className='card'>
        <Text className='card-title'>{APPLIANCE_LIFE_TEXT.warranties}</Text>
        {life.warranties.length === 0 ? <Text className='muted'>{APPLIANCE_LIFE_TEXT.noWarranties}</Text> : null}
        {life.warranties.map((w, i) => (
          <View key={`${w.orderId}-${i}`} className='life__row' data-testid='life-warranty'>
            <Words className='life__row-title' text={w.name} />
            <Words className='life__row-good' text={`保修至 ${dayWords(w.until)}（还剩 ${w.daysLeft} 天）`} />
            <Text className='muted'>订单 {w.orderNo}</Text>
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card-title'>{APPLIANCE_LIFE_TEXT.parts}</Text>
        {life.parts.length === 0 ? <Text className='muted'>{APPLIANCE_LIFE_TEXT.noParts}</Text> : null}
        {life.parts.map((p, i) => (
          <View key={`${p.orderId}-${i}`} className='life__row' data-testid='life-part'>
            <Words className='life__row-title' text={`${p.name} × ${p.quantity}`} />
            <Words className='life__row-text' text={`新配件序列号 ${p.newSerialNo}`} />
            {p.replacedOn ? <Words className='muted' text={`更换于 ${dayWords(p.replacedOn)} · 订单 ${p.orderNo}`} /> : null}
            {p.warrantyUntil ? (
              <Words className={p.warrantyRunning ? 'life__row-good' : 'muted'} text={p.warrantyRunning ? `保修至 ${dayWords(p.warrantyUntil)}` : `保修已于 ${dayWords(p.warrantyUntil)} 结束`} />
            ) : null}
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card-title'>{APPLIANCE_LIFE_TEXT.history}</Text>
        {life.orders.length === 0 ? <Text className='muted'>{APPLIANCE_LIFE_TEXT.noOrders}</Text> : null}
        <View className='life__timeline'>
          {life.orders.map((o) => (
            <HistoryItem key={o.id} o={o} />
          ))}
        </View>
      </View>

      <Button
        className='life__again'
        type='primary'
        size='large'
        block
        onClick={() => navigateTo(ROUTES.booking, { category: a.category, serviceType: 'repair', ...(a.id ? { applianceId: a.id } : {}) })}
      >
        {APPLIANCE_LIFE_TEXT.bookAgain}
      </Button>
    </>
  )
}

/** Issue 20.3: one appliance over its life — repairs, parts with serials, warranties still running, 再次报修. */
export default function AppliancePage() {
  const { id = '' } = usePageParams()
  const current = useSession()
  const customer = current?.user.role === 'customer'
  const state = useAsync(() => (customer && id ? appliancesApi.life(id) : Promise.resolve(null)), [customer, id])
  useReloadOnShow(state.reload)

  if (!customer) {
    return (
      <PageShell>
        <SignInPrompt message='登录后查看家电档案' />
      </PageShell>
    )
  }
  return (
    <PageShell className='life'>
      <AsyncContent state={state}>{(life) => (life ? <Life life={life} /> : null)}</AsyncContent>
    </PageShell>
  )
}
