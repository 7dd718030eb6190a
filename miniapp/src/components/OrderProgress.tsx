import { Text, View } from '@tarojs/components'
import { chainVerdictText, timelineEventDetail, timelineEventLabel, type OrderStatus, type OrderTimeline as Timeline } from '@fangxin/shared'
import { Tag } from '@/ui/Tag'
import { Words } from '@/ui/Words'
import { DEADLINE_STATE_TEXT, dateTime, type OrderDeadline } from '@/utils/format'

const TONE_TAG = { success: 'success', danger: 'danger', warning: 'warning', default: 'default' } as const

/** Each deadline that applies to the order (S1 respond, S2 arrive, resolve), when it is due and whether it is met. */
export function Deadlines({ deadlines }: { deadlines: OrderDeadline[] }) {
  if (deadlines.length === 0) return null
  return (
    <View className='deadlines'>
      {deadlines.map((d) => {
        const state = DEADLINE_STATE_TEXT[d.state] ?? { text: d.state, tone: 'default' as const }
        return (
          <View key={d.clock} className='deadlines__row'>
            <View className='deadlines__what'>
              <Text className='deadlines__label'>{d.label}</Text>
              <Words className='muted' text={`${d.dueAt ? `截止 ${dateTime(d.dueAt)}` : '尚未开始计时'}${d.doneAt ? ` · 完成于 ${dateTime(d.doneAt)}` : ''}`} />
            </View>
            <Tag type={TONE_TAG[state.tone]}>{state.text}</Tag>
          </View>
        )
      })}
    </View>
  )
}

/** The order's hash-chained timeline (S12), newest first, and whether the chain checks out. */
export function TimelineList({ timeline }: { timeline: Timeline }) {
  const events = [...timeline.events].reverse()
  return (
    <View className='timeline'>
      <View className='timeline__verdict'>
        <Tag type={timeline.verdict.valid ? 'success' : 'danger'}>{chainVerdictText(timeline.verdict)}</Tag>
      </View>
      {events.map((e) => {
        const more = timelineEventDetail(e.type, e.data)
        return (
          <View key={e.seq} className='timeline__event'>
            <View className='timeline__dot' />
            <View className='timeline__body'>
              <Text className='timeline__title'>{timelineEventLabel(e.type)}</Text>
              <Words className='muted' text={`${dateTime(e.at)} · ${e.actor.name}`} />
              {more ? <Words className='muted' text={more} /> : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}

/** The engineer assigned to the order, from the timeline's latest dispatch / claim / reassign. */
export function assignedEngineerName(timeline: Timeline | null, engineerId: string | null): string | null {
  if (!timeline || !engineerId) return null
  for (let i = timeline.events.length - 1; i >= 0; i--) {
    const e = timeline.events[i]!
    const id = e.type === 'reassigned' ? e.data.to : e.data.engineerId
    if (['dispatched', 'claimed', 'reassigned'].includes(e.type) && id === engineerId && typeof e.data.engineerName === 'string') {
      return e.data.engineerName
    }
  }
  return null
}

const STATUS_TONE: Partial<Record<OrderStatus, 'primary' | 'success' | 'warning' | 'danger' | 'default'>> = {
  pending: 'warning',
  quoted: 'warning',
  completed: 'success',
  closed: 'default',
  cancelled: 'danger',
  awaiting_parts: 'warning',
}

export function StatusTag({ status, label }: { status: OrderStatus; label: string }) {
  return <Tag type={STATUS_TONE[status] ?? 'primary'}>{label}</Tag>
}
