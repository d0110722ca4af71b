import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { loadRows } from './rows/liveRows'

// The first screenful of papers is asked for before React renders anything, so that it is the first
// thing main answers (settings, lists and days are asked for by the components as they mount).
void loadRows()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
