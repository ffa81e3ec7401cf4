/**
 * IPv4/IPv6 addresses and CIDR blocks for IpAddress/NotIpAddress, parsed by
 * hand (no regular expressions, no node:net: iam/ does no I/O and the linter
 * keeps it that way). An IPv4-mapped IPv6 address (::ffff:1.2.3.4, what a
 * dual-stack socket reports) is taken as the IPv4 address it carries.
 */
export interface Cidr {
  readonly bytes: Uint8Array;
  readonly prefixBits: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const bytes = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (bytes === undefined) return undefined;
  const maxBits = bytes.length * 8;
  if (slash < 0) return { bytes, prefixBits: maxBits };
  const bitsText = text.slice(slash + 1);
  if (bitsText === '' || bitsText.length > 3 || ![...bitsText].every((c) => c >= '0' && c <= '9')) return undefined;
  const prefixBits = Number(bitsText);
  return prefixBits > maxBits ? undefined : { bytes, prefixBits };
}

export function cidrContains(cidr: Cidr, ip: Uint8Array): boolean {
  if (cidr.bytes.length !== ip.length) return false;
  let bits = cidr.prefixBits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((cidr.bytes[i] ?? 0) & mask) !== ((ip[i] ?? 0) & mask)) return false;
  }
  return true;
}

export function parseIp(text: string): Uint8Array | undefined {
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  if (v6 !== undefined) {
    const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
    return mapped ? v6.slice(12) : v6;
  }
  return text.includes(':') ? undefined : parseIpv4(text);
}

/** Dotted quad, by hand: this runs per request on aws:SourceIp, so no split or regular expression. */
function parseIpv4(text: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 0x2e : text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return undefined;
      out[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39 && digits < 3) {
      value = value * 10 + (c - 0x30);
      digits++;
      if (value > 255) return undefined;
    } else return undefined;
  }
  return part === 4 ? out : undefined;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): number[] | undefined => {
    if (half === undefined || half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (part === '' || part.length > 4 || ![...part].every((c) => /* hex */ '0123456789abcdefABCDEF'.includes(c))) return undefined;
      out.push(parseInt(part, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}
