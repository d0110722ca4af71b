/**
 * Digest files travel to `digests:importFiles` as base64 (drag and drop, `lectern import` over the
 * API), so that main reads the very bytes and decodes them itself. One request is bounded; callers
 * with more split their files into batches of at most that size and add up the reports.
 */
import type { ImportReport } from './api'

/** Largest digest file (as base64, 4/3 of its 64 MiB of bytes) one request may carry. */
export const MAX_DIGEST_BASE64 = Math.ceil((64 * 1024 * 1024) / 3) * 4
/** Largest total of base64 in one `digests:importFiles` request (the loopback API's body limit is set above it). */
export const MAX_IMPORT_REQUEST_BASE64 = 96 * 1024 * 1024

/** Groups files, in order, into batches whose base64 adds up to at most MAX_IMPORT_REQUEST_BASE64. */
export function uploadBatches<F extends { base64: string }>(files: F[]): F[][] {
  const batches: F[][] = []
  let batch: F[] = []
  let size = 0
  for (const file of files) {
    if (batch.length > 0 && (size + file.base64.length > MAX_IMPORT_REQUEST_BASE64 || batch.length >= 5000)) {
      batches.push(batch)
      batch = []
      size = 0
    }
    batch.push(file)
    size += file.base64.length
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

/** The reports of several batches as one. */
export function addImportReports(reports: ImportReport[]): ImportReport {
  return {
    files: reports.flatMap((r) => r.files),
    added: reports.reduce((n, r) => n + r.added, 0),
    updated: reports.reduce((n, r) => n + r.updated, 0),
    unchanged: reports.reduce((n, r) => n + r.unchanged, 0),
    skipped: reports.reduce((n, r) => n + r.skipped, 0),
  }
}
