import type { Settings } from '../../../shared/domain'
import type { ServiceDeps } from './listService'

export class SettingsService {
  constructor(private readonly deps: ServiceDeps) {}

  get(): Settings {
    return this.deps.store.settings()
  }

  async update(changes: Partial<Settings>): Promise<Settings> {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined))
    const next = await this.deps.store.update((tx) => {
      const settings = { ...this.deps.store.settings(), ...defined }
      tx.setSettings(settings)
      return settings
    })
    return next
  }
}
