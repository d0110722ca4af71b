import type { ImportReport } from '../../../shared/api'
import { addImportReports, uploadBatches } from '../../../shared/digestUpload'
import { fileBase64 } from '../../api/fileBase64'
import { mutate } from '../../api/query'

/** A digest file as the renderer hands it over: its name for the report, and the file. */
export interface NamedFile {
  name: string
  file: File
}

/**
 * Imports digests picked or dropped in the window. Their bytes go to main as they are (base64, in
 * batches under the request limit): decoding is main's read step, the same for every import.
 */
export async function uploadDigests(files: NamedFile[]): Promise<ImportReport> {
  const uploads = await Promise.all(
    files.map(async ({ name, file }) => ({ name, base64: await fileBase64(file) })),
  )
  const reports: ImportReport[] = []
  for (const batch of uploadBatches(uploads))
    reports.push(await mutate('digests:importFiles', { files: batch }))
  return addImportReports(reports)
}
