import { StrictMode } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { firstPageIn, firstScreenShown } from '../rows/rowSource'
import { App } from './App'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
// One render with the first page in (or its error), not an empty frame first and the rows after.
await firstPageIn()
// Synchronous, so that the frame after it shows the rows.
flushSync(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
)
// The rest of the rows is asked for once this screen is painted (at once in a hidden tab, which
// paints no frames).
if (document.hidden) firstScreenShown()
else requestAnimationFrame(() => setTimeout(firstScreenShown, 0))
