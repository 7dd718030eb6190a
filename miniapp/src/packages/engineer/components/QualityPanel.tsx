import { Text, View } from '@tarojs/components'
import { qualityScoreText } from '@fangxin/shared'
import { useAsync } from '@/hooks/useAsync'
import { qualityApi } from '@/services/quality'
import { Progress } from '@/ui/Progress'
import { errorText } from '@/components/AsyncContent'

/**
 * S11: the engineer's own quality score (the same number dispatch and the work card use) and what it is made of; the
 * contributions add up to the score. Survey averages only from five surveys on (the server leaves them out before).
 */
export function QualityPanel() {
  const state = useAsync(() => qualityApi.myQuality(), [])
  if (state.data === null) {
    if (state.loading) return null
    return (
      <View className='card quality'>
        <Text className='card-title'>我的质量分</Text>
        <Text className='muted'>{errorText(state.error)}</Text>
      </View>
    )
  }
  const q = state.data
  return (
    <View className='card quality'>
      <View className='quality__head'>
        <View>
          <Text className='card-title'>我的质量分</Text>
          <Text className='muted'>
            {q.period.from} 至 {q.period.to}（{q.period.days} 天）
          </Text>
        </View>
        <Text className='quality__score'>{qualityScoreText(q.score)}</Text>
      </View>
      {q.terms.map((t) => (
        <View key={t.key} className='quality__term'>
          <View className='quality__term-head'>
            <Text className='quality__term-label'>{t.label}</Text>
            <Text className='quality__term-points'>
              {t.contribution.toFixed(1)} / {t.weight} 分
            </Text>
          </View>
          <Progress percent={Math.round(t.goodness * 100)} showText={false} />
          <Text className='muted quality__term-detail'>{t.detail}</Text>
        </View>
      ))}
      <Text className='muted quality__formula'>{q.formula}</Text>
    </View>
  )
}
