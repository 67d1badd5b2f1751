import { CongestionWindow, WINDOW } from '../src/dns/window.js'

const limits = { floor: 2, ceiling: 64, perSocket: 4 }

/** Takes `count` places at once (each resolves at once while the window has room). */
const take = (window: CongestionWindow, count: number) =>
  Promise.all(Array.from({ length: count }, () => window.acquire()))

describe("a server's window of questions", () => {
  it('starts where a small forwarder is safe', () => {
    expect(new CongestionWindow().current).toBe(WINDOW.initial)
    expect(WINDOW.initial).toBeLessThan(150) // dnsmasq's dns-forward-max
  })

  it('grows by one for every answer until the first loss: it doubles every round trip', async () => {
    const window = new CongestionWindow(8, limits)
    for (const slot of await take(window, 8)) slot.release('answered')
    expect(window.current).toBe(16)
    for (const slot of await take(window, 16)) slot.release('answered')
    expect(window.current).toBe(32)
  })

  it('never grows past its ceiling', async () => {
    const window = new CongestionWindow(60, limits)
    for (const slot of await take(window, 60)) slot.release('answered')
    expect(window.current).toBe(64)
    expect(window.peak).toBe(64)
  })

  it('halves once for the losses of one round, and grows by about one per round after', async () => {
    const window = new CongestionWindow(32, limits)
    const slots = await take(window, 32)
    // Every question of the round lost: the first loss halves, the others were sent before it and do not.
    for (const slot of slots) slot.release('lost')
    expect(window.current).toBe(16)
    for (const slot of await take(window, 16)) slot.release('answered')
    expect(window.current).toBe(17)
  })

  it('halves again for a loss of a question sent after the last halving, down to its floor', async () => {
    const window = new CongestionWindow(8, limits)
    for (let round = 0; round < 5; round++) (await window.acquire()).release('lost')
    expect(window.current).toBe(limits.floor)
  })

  it('does not move for a question settled without telling anything', async () => {
    const window = new CongestionWindow(8, limits)
    ;(await window.acquire()).release('settled')
    expect(window.current).toBe(8)
  })

  it('counts a release once', async () => {
    const window = new CongestionWindow(8, limits)
    const slot = await window.acquire()
    slot.release('answered')
    slot.release('answered')
    slot.release('lost')
    expect(window.current).toBe(9)
  })

  it('hands places out in order of asking, as they are freed', async () => {
    const window = new CongestionWindow(2, limits)
    const first = await take(window, 2)
    const order: number[] = []
    const waiting = [1, 2, 3].map(n => window.acquire().then(slot => (order.push(n), slot)))
    first[0]?.release('settled')
    first[1]?.release('settled')
    const next = await Promise.all(waiting.slice(0, 2))
    expect(order).toEqual([1, 2])
    next[0]?.release('settled')
    await waiting[2]
    expect(order).toEqual([1, 2, 3])
  })

  it('spreads questions over sockets of a few questions each, the least loaded first', async () => {
    const window = new CongestionWindow(12, limits)
    const slots = await take(window, 12)
    expect(slots.map(s => s.socket)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
    slots[5]?.release('settled')
    expect((await window.acquire()).socket).toBe(1)
    expect(window.sockets).toBe(3)
  })
})

describe("a server's retransmission timeout (RFC 6298)", () => {
  it('is a second before any answer is timed, and never past the deadline', () => {
    const window = new CongestionWindow()
    expect(window.timeoutMs(5000)).toBe(WINDOW.initialTimeoutMs)
    expect(window.timeoutMs(300)).toBe(300)
  })

  it('follows the answers: the smoothed round trip plus four times its variation', () => {
    const window = new CongestionWindow()
    window.sample(400) // SRTT 400, RTTVAR 200
    expect(window.timeoutMs(5000)).toBe(1200)
    window.sample(400) // SRTT 400, RTTVAR 150
    expect(window.timeoutMs(5000)).toBe(1000)
  })

  it('does not fall below its least, however fast and steady the answers', () => {
    const window = new CongestionWindow()
    for (let i = 0; i < 50; i++) window.sample(2)
    expect(window.timeoutMs(5000)).toBe(WINDOW.minTimeoutMs)
  })
})

describe('a spurious loss', () => {
  it('undoes the halving when the question taken as lost is answered after all', async () => {
    const window = new CongestionWindow(32, limits)
    const [late, other] = await take(window, 2)
    late?.release('lost')
    expect(window.current).toBe(16)
    late?.answeredLate()
    expect(window.current).toBe(32)
    // Another question's late answer does not undo anything more; nor does the same one twice.
    other?.release('lost') // sent before the halving: no second halving
    other?.answeredLate()
    late?.answeredLate()
    expect(window.current).toBe(32)
  })
})
