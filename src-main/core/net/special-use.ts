// Public address space, for the "how much of the Internet is admitted" figure: globally reachable unicast
// per the IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890 and updates, as of 2025).
import { AddressSet } from './ip-set';

/** IPv4 blocks that are not public: the registry's "globally reachable: false/N/A" entries, multicast, reserved. */
const NOT_PUBLIC_V4 = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // RFC 1918
  '100.64.0.0/10', // shared address space (CGN)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link local
  '172.16.0.0/12', // RFC 1918
  '192.0.0.0/24', // IETF protocol assignments (two anycast hosts are added back below)
  '192.0.2.0/24', // TEST-NET-1
  '192.88.99.0/24', // deprecated 6to4 relay anycast
  '192.168.0.0/16', // RFC 1918
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // TEST-NET-2
  '203.0.113.0/24', // TEST-NET-3
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, including the limited broadcast 255.255.255.255
];
/** Registry entries inside the blocks above that are globally reachable. */
const PUBLIC_INSIDE_V4 = ['192.0.0.9/32', '192.0.0.10/32'];

/** IPv6: global unicast (2000::/3) without its non-global registry entries, plus the NAT64 well-known prefix. */
const GLOBAL_UNICAST_V6 = ['2000::/3', '64:ff9b::/96'];
const NOT_PUBLIC_V6 = [
  '2001::/23', // IETF protocol assignments, Teredo (globally reachable sub-blocks added back below)
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4
  '3fff::/20', // documentation
];
const PUBLIC_INSIDE_V6 = [
  '2001:1::1/128', // PCP anycast
  '2001:1::2/128', // TURN anycast
  '2001:1::3/128', // DNS-SD SRP anycast
  '2001:3::/32', // AMT
  '2001:4:112::/48', // AS112-v6
  '2001:20::/28', // ORCHIDv2
  '2001:30::/28', // drone remote ID
];

export const PUBLIC_SPACE: AddressSet = AddressSet.parse(NOT_PUBLIC_V4)
  .complement(4)
  .union(AddressSet.parse(PUBLIC_INSIDE_V4))
  .union(AddressSet.parse(GLOBAL_UNICAST_V6).subtract(AddressSet.parse(NOT_PUBLIC_V6)))
  .union(AddressSet.parse(PUBLIC_INSIDE_V6));

/** RFC 1918 private IPv4 space, for reports that single it out. */
export const RFC1918: AddressSet = AddressSet.parse(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
