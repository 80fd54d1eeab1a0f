import { lookup } from "node:dns/promises";
import net from "node:net";

/**
 * Where a webhook may be sent. Server-side request forgery: an admin-entered URL must not reach
 * the server's own network (a cloud metadata service at 169.254.169.254, a database on
 * loopback, the private LAN). Every address a name resolves to is checked, and the request then
 * connects to the address that was checked, so a DNS answer that changes in between (rebinding)
 * cannot redirect it.
 */
const BLOCKED_V4: Array<[string, number]> = [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];
const BLOCKED_V6: Array<[string, number]> = [
  ["::", 96], // unspecified, loopback, IPv4-compatible
  ["::ffff:0:0", 96], // IPv4-mapped (also checked as the IPv4 address it carries)
  ["64:ff9b::", 96], // NAT64: reaches any IPv4 address
  ["64:ff9b:1::", 48], // local NAT64
  ["100::", 64], // discard
  ["2001::", 32], // Teredo tunnels
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: reaches any IPv4 address
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];
/** Never allowed, whatever the configuration says. */
const NEVER: Array<[string, number, "ipv4" | "ipv6"]> = [
  ["0.0.0.0", 8, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["255.255.255.255", 32, "ipv4"],
  ["::", 128, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

function blockList(ranges: ReadonlyArray<readonly [string, number, "ipv4" | "ipv6"]>): net.BlockList {
  const list = new net.BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return list;
}

// One list per family: a BlockList matches IPv4 addresses against IPv6 ranges such as ::ffff:0:0/96.
const blocked = {
  ipv4: blockList(BLOCKED_V4.map(([a, p]) => [a, p, "ipv4"] as const)),
  ipv6: blockList(BLOCKED_V6.map(([a, p]) => [a, p, "ipv6"] as const)),
};
const never = { ipv4: blockList(NEVER.filter((n) => n[2] === "ipv4")), ipv6: blockList(NEVER.filter((n) => n[2] === "ipv6")) };

export interface AddressPolicy {
  allowPrivate: boolean;
  /** Addresses or CIDR ranges allowed although private (tests: 127.0.0.1). */
  allowAddresses: string[];
}

/** The IPv4 address an IPv4-mapped IPv6 address carries (`::ffff:7f00:1` -> 127.0.0.1), else the address. */
export function unmapped(address: string): string {
  if (net.isIPv6(address)) {
    const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
    if (mapped?.[1]) return mapped[1];
    if (mapped) {
      const high = parseInt(mapped[2], 16);
      const low = parseInt(mapped[3], 16);
      return [high >> 8, high & 255, low >> 8, low & 255].join(".");
    }
  }
  return address;
}

function allowList(policy: AddressPolicy): net.BlockList {
  const list = new net.BlockList();
  for (const entry of policy.allowAddresses) {
    const [address, prefix] = entry.split("/");
    const family = net.isIPv6(address) ? "ipv6" : "ipv4";
    if (!net.isIP(address)) throw new Error(`WEBHOOK_ALLOW_ADDRESSES: "${entry}" is not an address or CIDR range`);
    if (prefix === undefined) list.addAddress(unmapped(address), net.isIPv6(unmapped(address)) ? "ipv6" : "ipv4");
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Why an address may not be a webhook target, or null when it may. */
export function refusalOf(address: string, policy: AddressPolicy): string | null {
  const plain = unmapped(address);
  const family = net.isIPv4(plain) ? "ipv4" : net.isIPv6(plain) ? "ipv6" : null;
  if (!family) return `"${address}" is not an IP address`;
  if (never[family].check(plain, family)) return `${address} is an unspecified, broadcast or multicast address`;
  if (!blocked[family].check(plain, family)) return null;
  if (policy.allowPrivate || allowList(policy).check(plain, family)) return null;
  return `${address} is a loopback, private, link-local or otherwise internal address`;
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export class RefusedTarget extends Error {}

/** Checks a URL's form and every address its host resolves to; returns the checked addresses. */
export async function checkTarget(
  rawUrl: string,
  policy: AddressPolicy,
  resolve: Resolver = systemResolver,
): Promise<{ url: URL; addresses: Array<{ address: string; family: number }> }> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new RefusedTarget("not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new RefusedTarget("only http and https URLs are allowed");
  if (url.username || url.password) throw new RefusedTarget("credentials in the URL are not allowed; verify the signature instead");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIPv6(host) ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new RefusedTarget(`the host ${host} does not resolve`);
    }
    if (!addresses.length) throw new RefusedTarget(`the host ${host} does not resolve`);
  }
  for (const { address } of addresses) {
    const refusal = refusalOf(address, policy);
    if (refusal) throw new RefusedTarget(refusal);
  }
  return { url, addresses };
}
