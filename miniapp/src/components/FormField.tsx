import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'

interface FormFieldProps {
  label: string
  /** The message for this field, from the schema check or from the server. */
  error?: string
  children: ReactNode
}

/** A labelled input with its error underneath (styles: .field* in app.scss). */
export function FormField({ label, error, children }: FormFieldProps) {
  return (
    <View className='field'>
      <Text className='field-label'>{label}</Text>
      {children}
      {error ? <Text className='field-error'>{error}</Text> : null}
    </View>
  )
}
