import { Text, View } from '@tarojs/components'
import type { OrderView } from '@fangxin/shared'
import { Tag } from '@/ui/Tag'
import { ITEM_KIND_TEXT, yuan } from '@/utils/format'

type Quote = OrderView['quotes'][number]
type QuoteItem = Quote['items'][number]

export const QUOTE_STATUS_TEXT: Record<Quote['status'], string> = {
  pending: '待客户确认',
  confirmed: '客户已确认',
  rejected: '客户已拒绝',
  superseded: '已被新报价取代',
}

const COVERED_TEXT: Record<NonNullable<QuoteItem['coveredBy']>, string> = {
  appliance_warranty: '保内免费',
  rework: '返修免费',
}

/** One line of a quote or receipt: catalogue price, quantity, what is charged, warranty, and any flag. */
export function QuoteLine({ item }: { item: QuoteItem }) {
  const free = item.coveredBy !== null
  return (
    <View className='quote-line'>
      <View className='quote-line__main'>
        <Text className='quote-line__name'>{item.name}</Text>
        <Text className='quote-line__amount'>{yuan(item.amountFen)}</Text>
      </View>
      <View className='quote-line__meta'>
        <Tag type='default'>
          {ITEM_KIND_TEXT[item.kind] ?? item.kind}
        </Tag>
        <Text className='muted'>
          {item.code ? `价目表价 ${yuan(item.unitPriceFen)}` : `自报价 ${yuan(item.unitPriceFen)}`} × {item.quantity}
          {item.unit}
        </Text>
        {free ? (
          <Tag type='success'>{COVERED_TEXT[item.coveredBy!]}</Tag>
        ) : null}
        {item.warrantyDays > 0 ? <Text className='muted'>保修 {item.warrantyDays} 天</Text> : null}
      </View>
      {item.offCatalogue ? (
        <View className='quote-line__flag'>
          <Tag type='warning'>价目表外项目</Tag>
          <Text className='quote-line__reason'>原因：{item.reason ?? '未说明'}</Text>
        </View>
      ) : null}
    </View>
  )
}

/** An itemised quote: every line, the total, and where it stands. */
export function QuoteItems({ quote }: { quote: Quote }) {
  const flagged = quote.items.filter((i) => i.offCatalogue).length
  return (
    <View className='quote'>
      <View className='quote__head'>
        <Text className='quote__title'>报价单 #{quote.no}</Text>
        <Tag type={quote.status === 'confirmed' ? 'success' : quote.status === 'pending' ? 'warning' : 'default'}>
          {QUOTE_STATUS_TEXT[quote.status]}
        </Tag>
      </View>
      {quote.items.map((item, i) => (
        <QuoteLine key={`${item.code ?? item.name}-${i}`} item={item} />
      ))}
      {flagged > 0 ? <Text className='quote__notice'>含 {flagged} 项价目表外项目，请看清原因再确认</Text> : null}
      <View className='quote__total'>
        <Text>合计</Text>
        <Text className='quote__total-amount'>{yuan(quote.totalFen)}</Text>
      </View>
    </View>
  )
}
