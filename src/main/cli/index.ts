/**
 * The Lectern CLI: `npm run -s lectern -- <command> [--data DIR] [--json]`. Electron-free; it runs the
 * same core services as the app. `--json` prints one JSON document on stdout; errors go to stderr
 * with a non-zero exit.
 */
import { parseArgs } from 'node:util'
import { LecternError } from '../../shared/errors'
import { arxivBaseOverride } from '../core/arxiv/arxivBase'
import { resolveDataDir } from '../core/dataDir'
import { hfBaseOverride } from '../core/huggingface/hfBase'
import { publishedBaseOverrides } from '../core/published/publishedBases'
import { COMMANDS, usage, type CliContext } from './commands'
import { writeOut } from './writeOut'

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      'arxiv-base': { type: 'string' },
      'hf-base': { type: 'string' },
      'openalex-base': { type: 'string' },
      's2-base': { type: 'string' },
      'dblp-base': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      all: { type: 'boolean', default: false },
      set: { type: 'string' },
      clear: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      format: { type: 'string' },
      list: { type: 'string' },
      limit: { type: 'string' },
      o: { type: 'string', short: 'o' },
      server: { type: 'string' },
      once: { type: 'boolean', default: false },
      insecure: { type: 'boolean', default: false },
      keep: { type: 'string' },
      text: { type: 'string' },
      readers: { type: 'string' },
      writers: { type: 'string' },
      off: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: false,
  })
  const [name, ...args] = positionals
  if (values.help || name === undefined || name === 'help') {
    console.log(usage())
    return name === undefined && !values.help ? 2 : 0
  }
  const command = COMMANDS[name]
  if (!command) {
    console.error(`lectern: unknown command "${name}"\n\n${usage()}`)
    return 2
  }
  const flag = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const arxivBaseUrl = arxivBaseOverride(flag('arxiv-base'))
  const hfBaseUrl = hfBaseOverride(flag('hf-base'))
  const ctx: CliContext = {
    dataDir: resolveDataDir(flag('data')),
    ...(arxivBaseUrl ? { arxivBaseUrl } : {}),
    ...(hfBaseUrl ? { hfBaseUrl } : {}),
    publishedBases: publishedBaseOverrides({
      openalexBase: flag('openalex-base'),
      s2Base: flag('s2-base'),
      dblpBase: flag('dblp-base'),
    }),
    json: values.json === true,
    flags: values,
    out: writeOut,
  }
  return command.run(args, ctx)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    const message = error instanceof LecternError || error instanceof Error ? error.message : String(error)
    console.error(`lectern: ${message}`)
    process.exitCode = 1
  },
)
