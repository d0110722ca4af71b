import { writeSync } from 'node:fs'

/**
 * Writes a command's output to stdout, ending it with a newline, in as few system calls as the pipe
 * allows. `process.stdout` is not touched unless it must be: creating it loads Node's stream modules,
 * which cost `lectern papers --json` more than writing its ~555 KB did (issue #16). Where stdout
 * cannot take it all at once (a non-blocking pipe that is full: EAGAIN), the rest goes through
 * `process.stdout`, which waits for the reader. A reader that has gone (`| head`) wanted no more.
 */
export function writeOut(text: string): void {
  const bytes = Buffer.from(text.endsWith('\n') ? text : text + '\n')
  let written = 0
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EPIPE') return
    if (code !== 'EAGAIN') throw error
    process.stdout.write(bytes.subarray(written))
  }
}
