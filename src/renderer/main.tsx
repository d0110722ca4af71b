import { loadRows } from './rows/rowSource'
import './styles.css'

// The start chunk: it asks for the first page of papers before React and the app have arrived, so
// that main answers it while they load (index.html preloads the app's chunk, see
// electron.vite.config.ts). The app renders once that page is in.
void loadRows()
void import('./app/mount')
