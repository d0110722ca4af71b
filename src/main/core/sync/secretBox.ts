/**
 * How a secret (the sync login) is sealed before it is written to disk. The core never imports
 * Electron: the desktop shell passes a box backed by Electron's `safeStorage` (the system keychain),
 * browser mode and the CLI use `fileModeBox`, whose only protection is the file's 0600 mode.
 */
export interface SecretBox {
  /** Written beside the sealed bytes, so a file sealed by another box is recognised, not misread. */
  readonly kind: 'safeStorage' | 'file-mode'
  seal(plain: string): Uint8Array
  open(sealed: Uint8Array): string
}

/** No encryption: the secret is as safe as a file only its owner can read (SECRET_FILE_MODE). */
export const fileModeBox: SecretBox = {
  kind: 'file-mode',
  seal: (plain) => new TextEncoder().encode(plain),
  open: (sealed) => new TextDecoder().decode(sealed),
}
