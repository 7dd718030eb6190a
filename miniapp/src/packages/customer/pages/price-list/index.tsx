import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { APPLIANCE_CATEGORIES, SERVICE_TYPES, WAIVED_WITH_REPAIR_TEXT, describeCondition, type CategoryCode, type ServiceTypeCode } from '@fangxin/shared'
import { promiseSentences } from '@fangxin/shared'
import { AsyncContent } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { useAsync } from '@/hooks/useAsync'
import { usePageParams } from '@/platform/navigation'
import { catalogApi } from '@/services/catalog'
import { usePromises } from '@/services/promises'
import { Empty } from '@/ui/Empty'
import { RadioGroup } from '@/ui/Radio'
import { SearchBar } from '@/ui/SearchBar'
import { TabPane, Tabs } from '@/ui/Tabs'
import { Tag } from '@/ui/Tag'
import { dateTime, yuan } from '@/utils/format'
import './index.scss'

const ALL = 'all'

/** The published national price list (S5): labour, parts and extra fees per category, searchable. */
export default function PriceListPage() {
  const params = usePageParams()
  const [category, setCategory] = useState<string>(params.category ?? APPLIANCE_CATEGORIES[0].code)
  const [serviceType, setServiceType] = useState<string>(ALL)
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const promises = usePromises()
  const state = useAsync(
    () =>
      catalogApi.priceList({
        category: category as CategoryCode,
        serviceType: serviceType === ALL ? undefined : (serviceType as ServiceTypeCode),
        q: search || undefined,
      }),
    [category, serviceType, search],
  )

  return (
    <PageShell className='price-list'>
      <SearchBar
        placeholder='搜索项目名称或编码，如 清洗、电容'
        value={query}
        onChange={(v) => setQuery(v)}
        onSearch={(v) => setSearch(v.trim())}
        onClear={() => {
          setQuery('')
          setSearch('')
        }}
      />
      <Tabs value={category} onChange={(v) => setCategory(String(v))} activeType='line'>
        {APPLIANCE_CATEGORIES.map((c) => (
          <TabPane key={c.code} value={c.code} title={c.name} />
        ))}
      </Tabs>
      <RadioGroup
        className='price-list__types'
        shape='button'
        direction='horizontal'
        value={serviceType}
        onChange={(v) => setServiceType(String(v))}
        options={[{ label: '全部', value: ALL }, ...SERVICE_TYPES.map((s) => ({ label: s.name, value: s.code }))]}
      />
      <AsyncContent state={state}>
        {(list) => (
          <>
            {list.policy ? (
              <View className='card price-list__policy'>
                <Text>整机保修 {list.policy.applianceWarrantyMonths} 个月：保修期内标注“保内免费”的项目不收费。</Text>
              </View>
            ) : null}
            {promises ? (
              <View className='card price-list__promises'>
                <Text className='card-title'>服务承诺</Text>
                {promiseSentences(promises).map((sentence) => (
                  <View key={sentence} className='price-list__promise'>
                    <Text className='muted'>{sentence}</Text>
                  </View>
                ))}
              </View>
            ) : null}
            {list.total === 0 ? <Empty size='small' title='没有找到相关项目' description={search ? `没有与“${search}”匹配的项目` : '该品类暂无此类服务'} /> : null}
            {list.groups
              .filter((g) => g.items.length > 0)
              .map((g) => (
                <View key={g.kind} className='card price-list__group'>
                  <Text className='card-title'>{g.name}</Text>
                  {g.items.map((item) => (
                    <View key={item.code} className='price-list__item'>
                      <View className='price-list__item-main'>
                        <Text className='price-list__name'>{item.name}</Text>
                        <Text className='price-list__price'>
                          {yuan(item.priceFen)}
                          <Text className='muted'>/{item.unit}</Text>
                        </Text>
                      </View>
                      <View className='price-list__meta'>
                        <Text className='muted'>{item.code}</Text>
                        {item.warrantyDays > 0 ? <Tag type='primary'>保修 {item.warrantyDays} 天</Tag> : <Tag type='default'>无保修</Tag>}
                        {item.coveredByApplianceWarranty ? <Tag type='success'>保内免费</Tag> : null}
                      </View>
                      {/* Issue 19: when a surcharge may be charged, as the server checks it. */}
                      {item.condition ? <Text className='price-list__condition'>{describeCondition(item.condition)}</Text> : null}
                      {item.waivedWithRepair ? <Text className='price-list__condition'>{WAIVED_WITH_REPAIR_TEXT}</Text> : null}
                    </View>
                  ))}
                </View>
              ))}
            <Text className='muted price-list__version'>
              价目表第 {list.version} 版 · 发布于 {dateTime(list.publishedAt)} · 共 {list.total} 项
            </Text>
          </>
        )}
      </AsyncContent>
    </PageShell>
  )
}
