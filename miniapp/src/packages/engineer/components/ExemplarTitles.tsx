import { Text, View } from '@tarojs/components'
import { api as contract, EXEMPLAR_TITLE } from '@fangxin/shared'
import { useAsync } from '@/hooks/useAsync'
import { api } from '@/services/api'
import { Tag } from '@/ui/Tag'
import './ExemplarTitles.scss'

/**
 * Issue 19: the months the platform named this engineer 服务标兵 (the published monthly ranking); nothing when none.
 */
export function ExemplarTitles() {
  const state = useAsync(() => api.call(contract.governance.mine), [])
  const titles = state.data?.exemplars ?? []
  if (titles.length === 0) return null
  return (
    <View className='card exemplar'>
      <Text className='card-title'>我的荣誉</Text>
      <View className='exemplar__titles'>
        {titles.map((t) => (
          <Tag key={t.month} type='success'>
            {t.title}
          </Tag>
        ))}
      </View>
      <Text className='muted'>感谢您的优质服务！{EXEMPLAR_TITLE}按每月服务质量排名评选。</Text>
    </View>
  )
}
