import packageJson from '../../../package.json'

export const APP_VERSION: string = packageJson.version

export const USER_AGENT = `Lectern/${APP_VERSION} (local-first research notebook)`
