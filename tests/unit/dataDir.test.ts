import { describe, expect, it } from 'vitest'
import { defaultDataDir, resolveDataDir } from '../../src/main/core/dataDir'

describe('data directory', () => {
  it('matches Electron userData for an app named Lectern on each platform', () => {
    expect(defaultDataDir({}, 'linux', '/home/ada')).toBe('/home/ada/.config/Lectern')
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ada')).toBe('/cfg/Lectern')
    expect(defaultDataDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Lectern')
    expect(
      defaultDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada'),
    ).toMatch(/Roaming[\\/]Lectern$/)
  })

  it('prefers --data over LECTERN_DATA over the default', () => {
    expect(resolveDataDir('/a', { LECTERN_DATA: '/b' })).toBe('/a')
    expect(resolveDataDir(undefined, { LECTERN_DATA: '/b' })).toBe('/b')
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/c' })).toMatch(/Lectern$/)
  })
})
