#!/usr/bin/env node
/**
 * `node scripts/runTogether.mjs CMD...`: runs the commands at once and fails if any fails, printing each
 * one's output whole when it ends (not interleaved). For the checks `npm test` runs first: tsc, eslint
 * and prettier each use one core, and CI's machine has two.
 */
import { spawn } from 'node:child_process'

const commands = process.argv.slice(2)
if (commands.length === 0) {
  console.error('usage: runTogether.mjs COMMAND...')
  process.exit(2)
}

const results = await Promise.all(
  commands.map(
    (command) =>
      new Promise((resolve) => {
        // stdin is left alone: none of these reads it, and two could not share it.
        const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] })
        const output = []
        child.stdout.on('data', (chunk) => output.push(chunk))
        child.stderr.on('data', (chunk) => output.push(chunk))
        child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)))
        child.on('close', (code, signal) => {
          process.stdout.write(Buffer.concat(output))
          if (code !== 0) console.error(`✗ ${command} (${signal ?? `exit code ${code}`})`)
          resolve(code === 0)
        })
      }),
  ),
)
process.exit(results.every(Boolean) ? 0 : 1)
