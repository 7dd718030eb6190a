import { useRef, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { errorText } from '@/components/AsyncContent'
import { uploadsApi } from '@/services/uploads'
import { Button } from '@/ui/Button'
import { Progress } from '@/ui/Progress'
import { Signature } from '@/ui/Signature'

interface SignatureHandle {
  confirm(): void
  clear(): void
}

/**
 * The customer signs on the engineer's phone (NutUI's signature canvas); the signature is uploaded as an image of
 * kind `signature` and its id goes into the report.
 */
export function SignaturePad({ orderId, onChange }: { orderId: string; onChange(signatureId: string | null): void }) {
  const ref = useRef<SignatureHandle>(null)
  const [preview, setPreview] = useState<string | null>(null)
  const [progress, setProgress] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function save(path: string, signed?: boolean) {
    if (!signed || !path) {
      setError('请客户在框内签名后再确认')
      return
    }
    setError(null)
    setProgress(0)
    try {
      const upload = await uploadsApi.image({ path, name: 'signature.png' }, 'signature', orderId, setProgress)
      setPreview(path)
      onChange(upload.id)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setProgress(null)
    }
  }

  function redo() {
    setPreview(null)
    onChange(null)
    ref.current?.clear()
  }

  return (
    <View className='signature-pad'>
      {preview ? (
        <View className='signature-pad__done'>
          <Image className='signature-pad__image' src={preview} mode='aspectFit' />
          <Text className='signature-pad__ok'>✓ 客户已签名</Text>
          <Button size='small' fill='outline' onClick={redo}>
            重新签名
          </Button>
        </View>
      ) : (
        <>
          <Signature ref={ref} className='signature-pad__canvas' canvasId='fx-signature' lineWidth={3} onConfirm={(path, signed) => void save(path, signed)} />
          <View className='signature-pad__buttons'>
            <Button size='small' fill='outline' onClick={() => ref.current?.clear()}>
              清除
            </Button>
            <Button size='small' type='primary' loading={progress !== null} onClick={() => ref.current?.confirm()}>
              确认签名
            </Button>
          </View>
        </>
      )}
      {progress !== null ? <Progress percent={progress} showText={false} /> : null}
      {error ? <Text className='field-error'>{error}</Text> : null}
    </View>
  )
}
