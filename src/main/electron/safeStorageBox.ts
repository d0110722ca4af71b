import { safeStorage } from 'electron'
import type { SecretBox } from '../core/sync/secretBox'

/**
 * The sync login sealed with Electron's safeStorage (the macOS Keychain, Windows DPAPI, the Linux
 * secret service). Null where it would not really encrypt (no keyring on Linux: safeStorage then falls
 * back to a fixed key): the core then keeps the login in a 0600 file, and Settings says which.
 */
export function safeStorageBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null
  return {
    kind: 'safeStorage',
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed)),
  }
}
