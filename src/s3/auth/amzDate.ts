// Request timestamps: x-amz-date / X-Amz-Date in ISO 8601 basic format
// (yyyymmddThhmmssZ), or an HTTP Date header, and the checks S3 makes on them.
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../errors.js';
import { MAX_SKEW_MS } from './constants.js';

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Milliseconds since the epoch, or undefined when not a real yyyymmddThhmmssZ instant. */
export function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 20130231 over into March; a round trip refuses it.
  return formatAmzDate(ms) === value ? ms : undefined;
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** ISO 8601 extended, seconds precision, as S3 prints times in error bodies. */
export function formatIsoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface RequestTime {
  /** The timestamp of the string to sign (yyyymmddThhmmssZ). */
  amzDate: string;
  ms: number;
  /** The header value as sent, for error bodies. */
  raw: string;
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request time of a header-signed request: x-amz-date wins over Date. */
export function headerRequestTime(headers: IncomingHttpHeaders): RequestTime {
  const amz = single(headers, 'x-amz-date');
  if (amz !== undefined) {
    const ms = parseAmzDate(amz.trim());
    if (ms !== undefined) return { amzDate: amz.trim(), ms, raw: amz };
  } else {
    const date = single(headers, 'date');
    const ms = date === undefined ? NaN : Date.parse(date);
    if (Number.isFinite(ms)) {
      // An HTTP date has whole seconds; the string to sign uses the same instant.
      return { amzDate: formatAmzDate(ms), ms, raw: date ?? '' };
    }
  }
  throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
}

/** Refuses a header-signed request more than 15 minutes away from the server clock. */
export function checkSkew(time: RequestTime, nowMs: number): void {
  if (Math.abs(nowMs - time.ms) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', undefined, {
      RequestTime: time.raw,
      ServerTime: formatIsoSeconds(nowMs),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
}
