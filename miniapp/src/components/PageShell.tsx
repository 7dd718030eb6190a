import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { usePreferences } from '@/services/preferences'
import { cx } from '@/utils/cx'

/**
 * Every page's root: the grey page furniture, and 长辈模式 (large text) when the user switched it on in the profile.
 * The mode is a class that raises --fx-font-scale for everything inside (styles/theme.scss).
 */
export function PageShell({ className, children }: { className?: string; children: ReactNode }) {
  const { largeText } = usePreferences()
  return <View className={cx('page', largeText && 'fx-elder', className)}>{children}</View>
}
