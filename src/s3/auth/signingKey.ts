// Signing keys and signatures. Deriving a key costs four HMACs; a client signs
// every request of a day with the same key, so derived keys are cached, keyed
// by access key, date, region and service, and checked against the secret so a
// rotated secret never reuses a stale key.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request") */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = hmac('AWS4' + secret, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

/** Compares two signatures without leaking where they differ. */
export function signaturesEqual(expectedHex: string, providedHex: string): boolean {
  // The length of a signature is public (always 64), so an early exit on it leaks nothing.
  if (expectedHex.length !== providedHex.length) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'latin1'), Buffer.from(providedHex, 'latin1'));
}

interface CachedKey {
  secret: string;
  key: Buffer;
}

/** A small bounded cache of derived signing keys (oldest entry evicted first). */
export class SigningKeyCache {
  private readonly entries = new Map<string, CachedKey>();

  constructor(private readonly maxEntries = 1024) {}

  get(accessKeyId: string, secret: string, date: string, region: string, service: string): Buffer {
    const id = `${accessKeyId}\0${date}\0${region}\0${service}`;
    const hit = this.entries.get(id);
    if (hit !== undefined && hit.secret === secret) return hit.key;
    const key = deriveSigningKey(secret, date, region, service);
    if (hit !== undefined) this.entries.delete(id);
    else if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(id, { secret, key });
    return key;
  }

  get size(): number {
    return this.entries.size;
  }
}
