import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Dialog } from '@/ui/Dialog'
import { TextArea } from '@/ui/TextArea'

interface ReasonDialogProps {
  visible: boolean
  title: string
  placeholder: string
  confirmText?: string
  /** Shorter reasons are refused before calling the server (the schemas ask for 2). */
  minLength?: number
  /** The server's message for the reason field, or any failure to show inside the dialog. */
  error?: string | null
  busy?: boolean
  onConfirm(reason: string): void
  onCancel(): void
}

/** A confirmation that needs a written reason: decline, cancel, reject a quote. */
export function ReasonDialog({ visible, title, placeholder, confirmText = '确定', minLength = 2, error, busy, onConfirm, onCancel }: ReasonDialogProps) {
  const [reason, setReason] = useState('')
  const [local, setLocal] = useState<string | null>(null)
  useEffect(() => {
    if (visible) {
      setReason('')
      setLocal(null)
    }
  }, [visible])

  return (
    <Dialog
      visible={visible}
      title={title}
      confirmText={confirmText}
      cancelText='返回'
      disableConfirmButton={busy}
      closeOnOverlayClick={false}
      onCancel={onCancel}
      onConfirm={() => {
        if (reason.trim().length < minLength) {
          setLocal(`请至少填写 ${minLength} 个字`)
          return
        }
        setLocal(null)
        onConfirm(reason.trim())
      }}
      content={
        <View className='reason-dialog'>
          <TextArea className='reason-dialog__input' value={reason} onChange={setReason} placeholder={placeholder} maxLength={200} showCount />
          {local || error ? <Text className='field-error'>{local ?? error}</Text> : null}
        </View>
      }
    />
  )
}
