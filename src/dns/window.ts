/**
 * How many questions one server may hold unanswered at once, and how that number moves: TCP's congestion control
 * (RFC 5681) applied to DNS questions. A fixed bound had to suit the smallest forwarder, so a resolver that keeps up
 * waited in rounds of 128 (500 domains: 11× the floor); one larger than a socket's receive buffer loses answers.
 *
 * - Slow start (RFC 5681 §3.1): every complete answer adds one question to the window, so a server that keeps up
 *   sees it double every round trip, up to `ceiling`.
 * - A loss (an answer that did not come while later ones did, a timeout at a server that answers, a REFUSED) halves
 *   it, once per loss episode: losses of questions sent before the last halving were caused by the old window and do
 *   not halve it again (NewReno's recovery point, RFC 6582 §3.2). After a loss it grows by one per window of answers
 *   (congestion avoidance).
 * - A question not answered within the retransmission timeout (RFC 6298: the smoothed round trip of the server's
 *   answers plus four times its variation) is taken as lost, and asked again (client.ts).
 * - The window is spread over sockets of `perSocket` questions each.
 */
export const WINDOW = {
  /** Where a window starts: under dnsmasq's default of 150 concurrent forwarded queries (`dns-forward-max`). */
  initial: 128,
  /** Where halving stops: a server that drops or refuses still gets a few questions at a time. */
  floor: 8,
  /** The most a server is given at once: 4,096 covers 500 domains in one round trip. */
  ceiling: 4096,
  /**
   * The most questions outstanding on one UDP socket: answers past about 384 overflow its receive buffer (Linux's
   * default, 208 KiB) before Node reads them, and are lost; fewer on a busy machine, where Node reads later. A third
   * of that leaves room; a socket more costs little.
   */
  perSocket: 128,
  /**
   * How long an answer may take before it is taken as lost, until the server's answers have been timed: TCP's initial
   * retransmission timeout (RFC 6298 §2.1, one second).
   */
  initialTimeoutMs: 1000,
  /**
   * The least that timeout becomes once answers are timed (RFC 6298 §2.4 asks 1 s of TCP, whose delayed ACKs wait
   * 200 ms; a DNS answer is not delayed, and a resolver that answers from its cache in a millisecond one moment and
   * recurses for 100 the next should not have every recursion counted as a loss).
   */
  minTimeoutMs: 200,
} as const

/** A question's place in the window: what to give back when it is settled, and when it was sent. */
export interface WindowPlace {
  /** Which of the server's sockets the question goes down (0, 1, …; see WINDOW.perSocket). */
  socket: number
  /** Gives the place back; says how the question ended, which moves the window. Only the first call counts. */
  release(outcome: 'answered' | 'lost' | 'settled'): void
  /**
   * The question given back as lost was answered after all, late: if its loss halved the window, the halving is
   * undone (RFC 4015's response to a spurious timeout: a busy machine read the answer late; nothing was lost).
   */
  answeredLate(): void
}

/** One server's window: a counting semaphore whose size moves with what the server's answers say. */
export class CongestionWindow {
  private size: number
  /** Past this, growth is by one per window of answers (after the first loss, half the window at that loss). */
  private threshold: number = WINDOW.ceiling
  /** Growth below one question, carried between answers in congestion avoidance. */
  private fraction = 0
  private active = 0
  /** How many questions each socket holds now. */
  private readonly perSocket: number[] = []
  /** Waiters in order; `head` is the next one (a queue of thousands is not shifted one by one). */
  private waiting: Array<() => void> = []
  private head = 0
  /** Numbers questions in the order they were sent. */
  private sent = 0
  /** Questions sent before this number were in flight at the last halving: their loss does not halve again. */
  private recoveryPoint = 0
  /** The question whose loss last halved the window, and the window before (to undo a spurious halving). */
  private lastHalving: { number: number; size: number; threshold: number } | undefined
  /** The largest the window has been (for tests and the benchmark). */
  peak: number
  /** RFC 6298's SRTT and RTTVAR, in ms; undefined before the first timed answer. */
  private smoothed: { rtt: number; variation: number } | undefined

  constructor(
    initial: number = WINDOW.initial,
    private readonly limits: { floor: number; ceiling: number; perSocket: number } = WINDOW,
  ) {
    this.size = Math.max(limits.floor, Math.min(initial, limits.ceiling))
    this.peak = this.size
  }

  /** How many questions the server may hold now. */
  get current(): number {
    return this.size
  }

  /** How long an answer may take before it is taken as lost (RFC 6298 §2.2–2.4), within `maxMs`. */
  timeoutMs(maxMs: number): number {
    if (!this.smoothed) return Math.min(WINDOW.initialTimeoutMs, maxMs)
    const { rtt, variation } = this.smoothed
    return Math.min(maxMs, Math.max(WINDOW.minTimeoutMs, Math.ceil(rtt + Math.max(1, 4 * variation))))
  }

  /**
   * Times an answer (RFC 6298 §2.3). A question asked again is asked on a socket of its own, so an answer on the
   * first socket is the first asking's, and timed too (Karn's ambiguity does not arise).
   */
  sample(rttMs: number): void {
    if (!this.smoothed) {
      this.smoothed = { rtt: rttMs, variation: rttMs / 2 }
      return
    }
    const { rtt, variation } = this.smoothed
    this.smoothed = { rtt: (7 / 8) * rtt + rttMs / 8, variation: (3 / 4) * variation + Math.abs(rtt - rttMs) / 4 }
  }

  /** How many sockets the window has needed so far. */
  get sockets(): number {
    return this.perSocket.length
  }

  /** Waits for a place in the window, in order of asking, and names the least loaded socket for the question. */
  async acquire(): Promise<WindowPlace> {
    if (this.active >= this.size || this.head < this.waiting.length) {
      await new Promise<void>(resolve => this.waiting.push(resolve))
    } else {
      this.active++
    }
    const number = this.sent++
    const socket = this.leastLoadedSocket()
    this.perSocket[socket] = (this.perSocket[socket] ?? 0) + 1
    let released = false
    return {
      socket,
      release: outcome => {
        if (released) return
        released = true
        this.perSocket[socket] = (this.perSocket[socket] ?? 1) - 1
        if (outcome === 'answered') this.grow()
        else if (outcome === 'lost') this.halve(number)
        this.active--
        this.admit()
      },
      answeredLate: () => {
        const halving = this.lastHalving
        if (halving?.number !== number) return
        this.lastHalving = undefined
        this.size = Math.max(this.size, halving.size)
        this.threshold = halving.threshold
        this.admit()
      },
    }
  }

  /** A socket under its share, a new one when every socket is full. */
  private leastLoadedSocket(): number {
    let best = -1
    for (const [i, load] of this.perSocket.entries()) {
      if (load < this.limits.perSocket && (best < 0 || load < (this.perSocket[best] ?? 0))) best = i
    }
    return best >= 0 ? best : this.perSocket.length
  }

  private grow(): void {
    if (this.size >= this.limits.ceiling) return
    if (this.size < this.threshold) {
      this.size++
    } else {
      this.fraction += 1 / this.size
      if (this.fraction >= 1) {
        this.fraction -= 1
        this.size++
      }
    }
    this.peak = Math.max(this.peak, this.size)
  }

  private halve(number: number): void {
    if (number < this.recoveryPoint) return
    this.lastHalving = { number, size: this.size, threshold: this.threshold }
    this.size = Math.max(this.limits.floor, Math.floor(this.size / 2))
    this.threshold = this.size
    this.fraction = 0
    this.recoveryPoint = this.sent
  }

  /** Hands freed places to waiters in order, as many as the window now holds. */
  private admit(): void {
    while (this.active < this.size && this.head < this.waiting.length) {
      this.active++
      const next = this.waiting[this.head++] as () => void
      next()
    }
    if (this.head === this.waiting.length) {
      this.waiting = []
      this.head = 0
    }
  }
}
