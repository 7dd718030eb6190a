import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// Unmount what each test rendered (testing-library only does this by itself when vitest globals are on).
afterEach(() => cleanup())
