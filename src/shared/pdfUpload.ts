/**
 * Browser mode's PDF upload route: the file itself is the request body (`PUT`, `Content-Type:
 * application/pdf`, the token in the Authorization header), never base64 inside JSON, so neither the
 * page nor the server holds the file whole. The page uses it for a picked or dropped PDF, and the CLI
 * when it hands `pdf add` to a running app. The server streams the body into the PDF cache.
 */
export const PDF_UPLOAD_PATH = '/api/pdf/attach'

/** The route for one upload: the paper and the file's name (shown as the attachment's origin). */
export function pdfUploadPath(paperId: string, name: string): string {
  return `${PDF_UPLOAD_PATH}?${new URLSearchParams({ paper: paperId, name }).toString()}`
}
