import type { BlockList } from 'node:net'
import { CLOUDFLARE_RANGES } from './cloudflare-ips.js'
import { ipVersion } from '../web/hostname.js'

let ranges: Promise<BlockList> | undefined

/** Built on first use: runs without DNS checks never need it, nor node:net. */
async function build(): Promise<BlockList> {
  const { BlockList } = await import('node:net')
  const blockList = new BlockList()
  for (const [family, ranges] of [
    ['ipv4', CLOUDFLARE_RANGES.ipv4],
    ['ipv6', CLOUDFLARE_RANGES.ipv6],
  ] as const) {
    for (const cidr of ranges) {
      const [network, prefix] = cidr.split('/')
      blockList.addSubnet(network as string, Number(prefix), family)
    }
  }
  return blockList
}

/**
 * A test for Cloudflare's ranges. An address in them, with no CNAME in the answer, means the record is proxied
 * ("orange cloud").
 */
export async function cloudflareMatcher(): Promise<(address: string) => boolean> {
  ranges ??= build()
  const list = await ranges
  return address => {
    const family = ipVersion(address)
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6')
  }
}
