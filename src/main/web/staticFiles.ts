import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

/** One file of the built renderer, ready to be sent in one write. */
export interface StaticFile {
  body: Buffer
  type: string
  cacheControl: string
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
}

/** Files up to this size are kept in memory once read; the PDF viewer's fonts and cmaps mostly are. */
const MAX_KEPT_FILE = 2 * 1024 * 1024

/**
 * The built renderer (`out/renderer`), served from memory. A file streamed from disk takes a stat, an
 * open and one read per 64 KB, each waiting its turn on an event loop that start-up work (store, search
 * index, citation keys) keeps busy at 50,000 papers: the page's 370 KB script took seconds to arrive.
 * Held in memory it goes out in one write. The build's files do not change while the server runs
 * (a new build writes new hashed names, and `index.html` is read again on start).
 */
export class StaticFiles {
  private readonly kept = new Map<string, StaticFile>()

  constructor(private readonly rootDir: string) {}

  /**
   * Reads `index.html` and what it loads (entry script, preloaded modules, icon) ahead of
   * the first request, so the page's first load finds them in memory. Without an `index.html` there
   * is no page to serve (a server only the CLI talks to): nothing to read ahead.
   */
  async warm(): Promise<void> {
    const index = await this.get('/')
    if (!index) return
    const html = index.body.toString('utf8')
    const loaded = [...html.matchAll(/\s(?:src|href)="\.?(\/assets\/[^"?#]+)"/g)].map((m) => m[1]!)
    await Promise.all(loaded.map((path) => this.get(path)))
  }

  /** Whether a URL path is the page itself (`index.html`), which the server may add to. */
  isPage(pathname: string): boolean {
    return relativeOf(pathname) === INDEX
  }

  /** The file at a URL path (`/` is `index.html`), or null when there is none inside the root. */
  async get(pathname: string): Promise<StaticFile | null> {
    const relative = relativeOf(pathname)
    const held = this.kept.get(relative)
    if (held) return held
    const file = join(this.rootDir, relative)
    if (!file.startsWith(this.rootDir + sep)) return null
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return null
    const served: StaticFile = {
      body: await readFile(file),
      type: TYPES[extname(file)] ?? 'application/octet-stream',
      cacheControl: cacheControlOf(relative),
    }
    if (served.body.length <= MAX_KEPT_FILE) this.kept.set(relative, served)
    return served
  }
}

const INDEX = normalize('/index.html')

function relativeOf(pathname: string): string {
  return pathname === '/' ? INDEX : normalize(pathname)
}

function cacheControlOf(relative: string): string {
  // index.html names the current build's files, so it is asked for again at each load.
  if (relative === INDEX) return 'no-store'
  // The build puts a hash of their content in these names: a changed file has a new name.
  if (relative.startsWith(`${sep}assets${sep}`)) return 'max-age=31536000, immutable'
  return 'max-age=3600'
}
