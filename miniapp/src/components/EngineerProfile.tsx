import { Image, Text, View } from '@tarojs/components'
import { engineerLevelName, qualityScoreText, type EngineerPublicProfile } from '@fangxin/shared'
import { Tag } from '@/ui/Tag'
import { dateTime } from '@/utils/format'

/** What anyone may see of an engineer (never a phone number): the face of the e-work card. */
export function EngineerProfile({ profile, serial }: { profile: EngineerPublicProfile; serial?: string | null }) {
  return (
    <View className='engineer-profile'>
      <View className='engineer-profile__head'>
        {profile.photoUrl ? (
          <Image className='engineer-profile__photo' src={profile.photoUrl} mode='aspectFill' />
        ) : (
          <View className='engineer-profile__photo engineer-profile__initials'>
            <Text>{profile.initials}</Text>
          </View>
        )}
        <View className='engineer-profile__id'>
          <Text className='engineer-profile__name'>{profile.name}</Text>
          <Text className='muted'>工号 {profile.employeeNo}</Text>
          <Text className='muted engineer-profile__level'>{engineerLevelName(profile.level)}</Text>
          <Text className='muted'>{profile.outlet.name}</Text>
          {serial ? <Text className='muted'>工作证 {serial}</Text> : null}
        </View>
      </View>
      <View className='engineer-profile__row'>
        <Text className='engineer-profile__label'>等级</Text>
        <Text>{'★'.repeat(profile.level)}{'☆'.repeat(Math.max(0, 5 - profile.level))}</Text>
        <Text className='engineer-profile__label engineer-profile__rating'>综合评分</Text>
        <Text className='engineer-profile__score'>{qualityScoreText(profile.rating)}</Text>
      </View>
      <View className='engineer-profile__row engineer-profile__wrap'>
        <Text className='engineer-profile__label'>技能</Text>
        {profile.skills.map((s) => (
          <Tag key={s.category} type='primary'>
            {s.name}
          </Tag>
        ))}
      </View>
      {profile.certificates.length > 0 ? (
        <View className='engineer-profile__certs'>
          {profile.certificates.map((c) => (
            <View key={c.number} className='engineer-profile__cert'>
              <Text>{c.name}</Text>
              <Text className={c.valid ? 'muted' : 'field-error'}>
                {c.number} · {c.valid ? `有效期至 ${dateTime(c.expiresAt).slice(0, 10)}` : '已过期'}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
