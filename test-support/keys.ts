/** Fake Clerk keys for tests: well formed, obviously not real. */
export function publishableKey(type: 'live' | 'test', host: string): string {
  return `pk_${type}_${Buffer.from(`${host}$`).toString('base64').replace(/=+$/, '')}`
}

export const DEV_HOST = 'fake-owl-00.clerk.accounts.dev'
export const PK_TEST = publishableKey('test', DEV_HOST)
export const PK_LIVE = publishableKey('live', 'clerk.example.com')
export const SK_TEST = 'sk_test_FAKEtestKEY0000notreal0000FAKEtestKEY00'
export const SK_LIVE = 'sk_live_FAKEliveKEY0000notreal0000FAKEliveKEY00'
