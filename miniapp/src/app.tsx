import type { PropsWithChildren } from 'react'
import './app.scss'

// Pages render as children; the session store loads itself from storage when first imported.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
