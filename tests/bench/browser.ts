import { chromium, type Browser } from '@playwright/test'
import { chromiumLaunchOptions } from '../chromium'

/** Chromium as the E2E tests launch it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions())
}
