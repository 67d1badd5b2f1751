import { CookieJar, MAX_COOKIE_BYTES, MAX_COOKIES } from '../src/web/cookie-jar.js'

/** The browser's cookie store a handshake chain is followed with (src/web/cookie-jar.ts), on cookies apps send. */
describe('the cookie jar of a followed handshake', () => {
  it("keeps the Frontend API's cookie for the app's domain, and the app's own for its host only", async () => {
    const jar = new CookieJar('https://shop.example.com/', '__client_uat=1')
    await jar.store('https://clerk.example.com/v1/client/handshake', [
      '__clerk_handshake=abc; Path=/; Domain=example.com; Max-Age=60; Secure; SameSite=Lax; HttpOnly',
    ])
    await jar.store('https://shop.example.com/', ['__clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2'])
    expect(jar.header('https://shop.example.com/')).toBe(
      '__client_uat=1; __clerk_handshake=abc; __clerk_redirect_count=1',
    )
    expect(jar.header('https://other.example.com/')).toBe('__clerk_handshake=abc')
    expect(jar.header('https://elsewhere.example/')).toBeUndefined()
    // Secure cookies never go over plain http.
    expect(jar.header('http://shop.example.com/')).toBe('__client_uat=1; __clerk_redirect_count=1')
  })

  it("refuses a Domain that is not the answering host's own, or is a public suffix", async () => {
    const jar = new CookieJar()
    await jar.store('https://clerk.example.com/', [
      'a=1; Domain=example.net',
      'b=2; Domain=com',
      'c=3; Domain=.example.com',
    ])
    await jar.store('https://shop.vercel.app/', ['d=4; Domain=vercel.app'])
    expect(jar.header('https://x.example.com/')).toBe('c=3')
    expect(jar.header('https://example.net/')).toBeUndefined()
    expect(jar.header('https://other.vercel.app/')).toBeUndefined()
  })

  it('deletes with Max-Age=0 or a past Expires, lets Max-Age win, and keeps to paths', async () => {
    const jar = new CookieJar('https://example.com/', '__client_uat=1')
    await jar.store('https://example.com/', ['__client_uat=0; Path=/; Max-Age=315360000'])
    await jar.store('https://example.com/', ['gone=1; Path=/', 'gone=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'])
    await jar.store('https://example.com/', ['kept=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT'])
    await jar.store('https://example.com/app/page', ['deep=1'])
    expect(jar.header('https://example.com/')).toBe('__client_uat=0; kept=1')
    expect(jar.header('https://example.com/app/x')).toBe('deep=1; __client_uat=0; kept=1')
    await jar.store('https://example.com/', ['__client_uat=; Path=/; Max-Age=0'])
    expect(jar.header('https://example.com/')).toBe('kept=1')
  })

  it('stays bounded and takes nothing that is not a cookie', async () => {
    const jar = new CookieJar()
    await jar.store(
      'https://example.com/',
      Array.from({ length: MAX_COOKIES + 20 }, (_, i) => `c${i}=${i}`),
    )
    expect(jar.header('https://example.com/')?.split('; ')).toHaveLength(MAX_COOKIES)
    const odd = new CookieJar()
    await odd.store('https://example.com/', [
      `big=${'x'.repeat(MAX_COOKIE_BYTES)}`,
      '=nameless',
      'bad name=1',
      'v=a;b',
      'q=a b',
      'ok=1',
    ])
    expect(odd.header('https://example.com/')).toBe('v=a; ok=1')
    expect(odd.header('not a url')).toBeUndefined()
  })
})
