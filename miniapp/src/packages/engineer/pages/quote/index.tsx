import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { describeCondition, isWastedTripFeeItem, pricingNotice, WAIVED_WITH_REPAIR_TEXT, type OrderView } from '@fangxin/shared'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { PhotoUploader } from '@/components/PhotoUploader'
import { useAsync } from '@/hooks/useAsync'
import { backOr, ROUTES, usePageParams } from '@/platform/navigation'
import { toastSuccess } from '@/platform/toast'
import { catalogApi } from '@/services/catalog'
import { engineerApi } from '@/services/engineer'
import { Button } from '@/ui/Button'
import { Empty } from '@/ui/Empty'
import { InputNumber } from '@/ui/InputNumber'
import { Popup } from '@/ui/Popup'
import { SearchBar } from '@/ui/SearchBar'
import { Tag } from '@/ui/Tag'
import { ITEM_KIND_TEXT, serviceText, yuan } from '@/utils/format'
import { addCatalogueItem, estimateTotal, isFree, lineUnitFen, needsHeightWorkPhoto, removeLine, setQuantity, toQuoteBody, type Coverage, type QuoteLineDraft } from './draft'
import { OffCatalogueForm } from './OffCatalogueForm'
import './index.scss'

function Builder({ order }: { order: OrderView }) {
  const [lines, setLines] = useState<QuoteLineDraft[]>([])
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const [offOpen, setOffOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  // Issue 19: the site photo that marks the order as needing height work (once marked, the order keeps it).
  const [heightPhoto, setHeightPhoto] = useState<string | null>(null)
  const heightWork = needsHeightWorkPhoto(lines) && !order.heightWork
  const coverage: Coverage = { inWarranty: order.appliance?.inWarranty ?? false, isRework: order.parentOrderId !== null }
  const catalogue = useAsync(
    () => catalogApi.priceList({ category: order.category, serviceType: order.serviceType, q: search || undefined }),
    [order.category, order.serviceType, search],
  )

  async function send() {
    if (lines.length === 0) {
      setError('请至少添加一项')
      return
    }
    setSending(true)
    setError(null)
    try {
      await engineerApi.quote(order.id, toQuoteBody(lines, heightWork ? heightPhoto : null))
      toastSuccess('报价已发送给客户')
      backOr(ROUTES.engineerOrder, { id: order.id })
    } catch (err) {
      setError(errorText(err))
    } finally {
      setSending(false)
    }
  }

  return (
    <>
      <View className='card'>
        <Text className='card-title'>{serviceText(order.category, order.serviceType)}</Text>
        <Text className='muted'>
          {pricingNotice(coverage)}
        </Text>
      </View>

      <View className='card'>
        <Text className='card-title'>价目表（第 {order.catalogVersion} 版）</Text>
        <SearchBar placeholder='搜索项目名称或编码' value={query} onChange={(v) => setQuery(v)} onSearch={(v) => setSearch(v.trim())} onClear={() => { setQuery(''); setSearch('') }} />
        <AsyncContent state={catalogue}>
          {(list) => {
            // The wasted-trip fee is charged by the no-show protocol only; the server refuses it on a quote.
            const items = list.groups.flatMap((g) => g.items).filter((item) => !isWastedTripFeeItem(item))
            if (items.length === 0) return <Empty size='small' title='没有匹配的项目' />
            return items.map((item) => (
              <View key={item.code} className='catalogue-item'>
                <View className='catalogue-item__text'>
                  <Text className='catalogue-item__name'>{item.name}</Text>
                  <Text className='muted'>
                    {ITEM_KIND_TEXT[item.kind]} · {item.code} · {yuan(item.priceFen)}/{item.unit}
                    {item.warrantyDays > 0 ? ` · 保修 ${item.warrantyDays} 天` : ''}
                  </Text>
                  {coverage.isRework ? <Tag type='success'>二次上门免费</Tag> : coverage.inWarranty && item.coveredByApplianceWarranty ? <Tag type='success'>保内免费</Tag> : null}
                  {item.condition ? <Text className='catalogue-item__condition'>{describeCondition(item.condition)}</Text> : null}
                  {item.waivedWithRepair ? <Text className='catalogue-item__condition'>{WAIVED_WITH_REPAIR_TEXT}</Text> : null}
                </View>
                <Button size='small' type='primary' fill='outline' onClick={() => setLines((l) => addCatalogueItem(l, item))}>
                  添加
                </Button>
              </View>
            ))
          }}
        </AsyncContent>
        <Button className='quote-builder__off' size='small' type='warning' fill='outline' onClick={() => setOffOpen(true)}>
          添加价目表外项目
        </Button>
      </View>

      <View className='card'>
        <Text className='card-title'>本次报价</Text>
        {lines.length === 0 ? <Text className='muted'>从上方价目表添加项目</Text> : null}
        {lines.map((line, i) => {
          const free = isFree(line, coverage)
          const name = line.type === 'catalogue' ? line.item.name : line.name
          return (
            <View key={`${line.type === 'catalogue' ? line.item.code : line.name}-${i}`} className='quote-builder__line'>
              <View className='quote-builder__line-text'>
                <Text className='catalogue-item__name'>{name}</Text>
                <Text className='muted'>
                  {yuan(lineUnitFen(line))} × {line.quantity} = {free ? '免费' : yuan(lineUnitFen(line) * line.quantity)}
                </Text>
                {line.type === 'off' ? <Tag type='warning'>价目表外 · {line.reason}</Tag> : null}
                {free ? <Tag type='success'>保内免费</Tag> : null}
              </View>
              <View className='quote-builder__line-controls'>
                <InputNumber value={line.quantity} min={1} max={99} onChange={(v) => setLines((l) => setQuantity(l, i, Number(v)))} />
                <Text className='quote-builder__remove' onClick={() => setLines((l) => removeLine(l, i))}>
                  删除
                </Text>
              </View>
            </View>
          )
        })}
        <View className='quote-builder__total'>
          <Text>预计合计</Text>
          <Text className='quote-builder__total-amount'>{yuan(estimateTotal(lines, coverage))}</Text>
        </View>
        {heightWork ? (
          <View className='quote-builder__height'>
            <Text className='catalogue-item__name'>高处作业现场照片</Text>
            <Text className='muted'>收高空作业费须拍一张现场照片，证明本单需要高处作业。</Text>
            <PhotoUploader kind='report_photo' orderId={order.id} maxCount={1} onChange={(ids) => setHeightPhoto(ids[0] ?? null)} />
          </View>
        ) : null}
        <Text className='muted'>金额以服务器按价目表计算为准，客户确认后才能开始服务。</Text>
        {error ? <Text className='field-error'>{error}</Text> : null}
        <Button className='quote-builder__send' type='primary' size='large' block loading={sending} onClick={send}>
          发送报价给客户
        </Button>
      </View>

      <Popup visible={offOpen} position='bottom' round closeable title='价目表外项目' onClose={() => setOffOpen(false)}>
        {offOpen ? (
          <OffCatalogueForm
            onAdd={(line) => {
              setLines((l) => [...l, line])
              setOffOpen(false)
            }}
          />
        ) : null}
      </Popup>
    </>
  )
}

/** S5 quote builder: catalogue items at catalogue prices, warranty items free, off-catalogue items only with a reason. */
export default function QuotePage() {
  const { id = '' } = usePageParams()
  const order = useAsync(() => engineerApi.get(id), [id])
  return (
    <PageShell className='quote-builder'>
      <AsyncContent state={order}>{(o) => <Builder order={o} />}</AsyncContent>
    </PageShell>
  )
}
