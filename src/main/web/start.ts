/**
 * `npm run web -- [--data DIR] [--port N] [--arxiv-base URL] [--hf-base URL]`: browser mode. Serves the built renderer and the API on
 * 127.0.0.1 and prints one line with the URL (token included).
 */
import { parseArgs } from 'node:util'
import { ensureRendererBuilt } from '../appBuild'
import { startBrowserMode } from './browserMode'

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string', default: '0' },
    'arxiv-base': { type: 'string' },
    'hf-base': { type: 'string' },
  },
  allowPositionals: false,
})

try {
  const rendererDir = await ensureRendererBuilt()
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${values.port} is not a port number`)
  await startBrowserMode({
    dataDir: values.data,
    arxivBase: values['arxiv-base'],
    hfBase: values['hf-base'],
    port,
    rendererDir,
  })
} catch (error) {
  console.error(`lectern web: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
