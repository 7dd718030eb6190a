import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { OrderView } from '@fangxin/shared'
import { Button } from '@/ui/Button'
import { Popup } from '@/ui/Popup'
import { yuan } from '@/utils/format'
import './ConfirmSheet.scss'

/** One line of the sheet, as the server priced it: nothing here is recomputed. */
export interface SheetLine {
  name: string
  quantity: number
  unit: string
  /** What is charged per unit (0 when covered by warranty or a free second visit). */
  unitFen: number
  amountFen: number
  /** Why a line is free, or a flag worth reading before paying. */
  note?: string | null
}

type QuoteItem = OrderView['quotes'][number]['items'][number]

const COVERED_NOTE: Record<NonNullable<QuoteItem['coveredBy']>, string> = {
  appliance_warranty: '保内免费',
  rework: '返修免费',
}

/** A quote's lines as the server priced them (chargedUnitFen, amountFen from the shared priceLine rule). */
export function quoteSheetLines(items: readonly QuoteItem[]): SheetLine[] {
  return items.map((it) => ({
    name: it.name,
    quantity: it.quantity,
    unit: it.unit,
    unitFen: it.chargedUnitFen,
    amountFen: it.amountFen,
    note: it.coveredBy ? COVERED_NOTE[it.coveredBy] : it.offCatalogue ? `价目表外项目：${it.reason ?? '未说明原因'}` : null,
  }))
}

export interface ConfirmSheetProps {
  visible: boolean
  title: string
  /** One plain sentence above the lines: what confirming does. */
  lead?: string
  lines: readonly SheetLine[]
  totalFen: number
  totalLabel?: string
  /** The primary button, saying what it does and for how much: 确认并同意支付 ¥295.00. */
  confirmText: string
  cancelText?: string
  /** A problem the person must know before confirming (shown in red); with `blocked`, confirming is not offered. */
  warning?: string | null
  blocked?: boolean
  /** What to do instead when blocked (e.g. re-check the engineer's card). */
  blockedAction?: { text: string; onClick(): void } | null
  /** Anything else to confirm along with the money (the payment method, the voucher number). */
  extra?: ReactNode
  /** The server's answer when it refused. */
  error?: string | null
  busy?: boolean
  onConfirm(): void
  onCancel(): void
}

/**
 * The confirmation sheet of every money step (issue 18): the customer's quote, the engineer's 确认收款 and 完工. It lists
 * each line (name, quantity, price in yuan) and the total the server computed, says plainly anything that stands in
 * the way, and offers one clear primary button with the amount, and 取消.
 */
export function ConfirmSheet(props: ConfirmSheetProps) {
  const { visible, title, lead, lines, totalFen, totalLabel = '合计', confirmText, cancelText = '取消', warning, blocked, blockedAction, extra, error, busy } = props
  return (
    <Popup visible={visible} position='bottom' round closeable={!busy} title={title} onClose={props.onCancel} className='confirm-sheet'>
      <View className='confirm-sheet__body' aria-live='polite'>
        {/* The lines scroll; the total and the buttons always stay in sight, even at 320 px in 长辈模式. */}
        <View className='confirm-sheet__scroll'>
          {lead ? <Text className='confirm-sheet__lead'>{lead}</Text> : null}
          {warning ? (
            <View className='confirm-sheet__warning' role='alert'>
              <Text>{warning}</Text>
            </View>
          ) : null}
          <View className='confirm-sheet__lines'>
            {lines.map((line, i) => (
              <View className='confirm-sheet__line' key={`${line.name}-${i}`}>
                <View className='confirm-sheet__line-main'>
                  <Text className='confirm-sheet__name'>{line.name}</Text>
                  <Text className='confirm-sheet__amount'>{yuan(line.amountFen)}</Text>
                </View>
                <Text className='confirm-sheet__qty'>
                  {yuan(line.unitFen)} × {line.quantity}
                  {line.unit}
                </Text>
                {line.note ? <Text className='confirm-sheet__note'>{line.note}</Text> : null}
              </View>
            ))}
          </View>
        </View>
        <View className='confirm-sheet__footer'>
          <View className='confirm-sheet__total'>
            <Text>{totalLabel}</Text>
            <Text className='confirm-sheet__total-amount'>{yuan(totalFen)}</Text>
          </View>
          {extra}
          {error ? <Text className='confirm-sheet__error'>{error}</Text> : null}
          <View className='confirm-sheet__buttons'>
            {blocked ? (
              blockedAction ? (
                <Button type='primary' size='large' block onClick={blockedAction.onClick}>
                  {blockedAction.text}
                </Button>
              ) : null
            ) : (
              <Button className='confirm-sheet__confirm' type='primary' size='large' block loading={busy} disabled={busy} onClick={props.onConfirm}>
                {confirmText}
              </Button>
            )}
            <Button className='confirm-sheet__cancel' fill='outline' size='large' block disabled={busy} onClick={props.onCancel}>
              {cancelText}
            </Button>
          </View>
        </View>
      </View>
    </Popup>
  )
}
