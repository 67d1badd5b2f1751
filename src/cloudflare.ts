import { BlockList, isIP } from 'node:net'
import { CLOUDFLARE_RANGES } from './data/cloudflare-ips.js'

const blockList = new BlockList()
// An address in these ranges, with no CNAME in the answer, means the record is proxied ("orange cloud").
for (const cidr of CLOUDFLARE_RANGES.ipv4) addSubnet(cidr, 'ipv4')
for (const cidr of CLOUDFLARE_RANGES.ipv6) addSubnet(cidr, 'ipv6')

function addSubnet(cidr: string, family: 'ipv4' | 'ipv6'): void {
  const [network, prefix] = cidr.split('/')
  blockList.addSubnet(network as string, Number(prefix), family)
}

export function isCloudflareAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  return blockList.check(address, family === 4 ? 'ipv4' : 'ipv6')
}
