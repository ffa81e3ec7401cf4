// Object lock documents: a bucket's ObjectLockConfiguration, a version's
// Retention and LegalHold. S3 answers schema violations (unknown mode, Days
// with Years, a status other than ON/OFF) with MalformedXML, and values the
// schema allows but the feature refuses (a period of 0, a date in the past)
// with InvalidArgument.
import type { DefaultRetention, ObjectLockConfiguration, Retention, RetentionMode } from '../../storage/index.js';
import { S3Error } from '../errors.js';
import { parseXsInt } from '../../util/integers.js';
import { asObject, parseXml, text, type XmlObject } from './read.js';
import { onlyElements, single } from './tagging.js';
import { isoTime, tag, wrap, xmlDocument } from './write.js';

/** Lode's ceiling, so that every retain-until date stays a representable Date. */
const MAX_RETENTION_DAYS = 36_500;
const MAX_RETENTION_YEARS = 100;

export function isRetentionMode(value: string): value is RetentionMode {
  return value === 'GOVERNANCE' || value === 'COMPLIANCE';
}

/**
 * An xsd:dateTime (or a bare date, taken as midnight UTC) as S3 accepts for
 * RetainUntilDate and x-amz-object-lock-retain-until-date. A time needs a
 * zone: without one the instant would depend on the server's.
 */
export function parseIsoDate(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(value.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y),
    month = Number(mo),
    day = Number(d),
    hour = Number(h),
    minute = Number(mi),
    second = Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // setUTCFullYear rather than Date.UTC, which reads years 0..99 as 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1) return undefined; // month 13, day 0, 2030-02-30 all roll into another month
  date.setUTCHours(hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  let ms = date.getTime();
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const offsetMinutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    ms -= (zone.startsWith('-') ? -1 : 1) * offsetMinutes * 60_000;
  }
  return new Date(ms);
}

/** An xsd:int element (surrounding whitespace allowed); MalformedXML when it is not one. */
function intElement(value: string, name: string): number {
  const n = parseXsInt(value);
  if (n === undefined) throw new S3Error('MalformedXML', `${name} must be an integer (xs:int).`);
  return n;
}

function parseDefaultRetention(content: XmlObject): DefaultRetention {
  onlyElements(content, ['Mode', 'Days', 'Years']);
  const mode = text(content, 'Mode');
  const days = text(content, 'Days');
  const years = text(content, 'Years');
  if (mode === undefined) throw new S3Error('MalformedXML', 'DefaultRetention must name a Mode.');
  if ((days === undefined) === (years === undefined))
    throw new S3Error('MalformedXML', 'DefaultRetention must give exactly one of Days and Years.');
  if (!isRetentionMode(mode)) throw new S3Error('MalformedXML', `The retention mode ${mode} is not valid: use GOVERNANCE or COMPLIANCE.`);
  const [name, raw, max] =
    days !== undefined ? (['Days', days, MAX_RETENTION_DAYS] as const) : (['Years', years!, MAX_RETENTION_YEARS] as const);
  const n = intElement(raw, name);
  if (n <= 0)
    throw new S3Error('InvalidArgument', 'Default retention period must be a positive integer value.', {
      ArgumentName: name,
      ArgumentValue: raw.trim(),
    });
  if (n > max)
    throw new S3Error(
      'InvalidArgument',
      `Default retention period must be at most ${MAX_RETENTION_YEARS} years (${MAX_RETENTION_DAYS} days).`,
      { ArgumentName: name, ArgumentValue: raw.trim() },
    );
  return name === 'Days' ? { mode, days: n } : { mode, years: n };
}

export function parseObjectLockConfiguration(xml: Buffer | string): ObjectLockConfiguration {
  const { root, content } = parseXml(xml);
  if (root !== 'ObjectLockConfiguration') throw new S3Error('MalformedXML', 'The root element must be ObjectLockConfiguration.');
  onlyElements(content, ['ObjectLockEnabled', 'Rule']);
  // Object lock cannot be turned off once on: "Enabled" is the only value.
  if (text(content, 'ObjectLockEnabled') !== 'Enabled') throw new S3Error('MalformedXML', 'ObjectLockEnabled must be present and Enabled.');
  const config: ObjectLockConfiguration = { enabled: true };
  const ruleNode = single(content, 'Rule');
  if (ruleNode !== undefined) {
    const rule = asObject(ruleNode);
    onlyElements(rule, ['DefaultRetention']);
    const retentionNode = single(rule, 'DefaultRetention');
    if (retentionNode === undefined) throw new S3Error('MalformedXML', 'Rule must contain a DefaultRetention.');
    config.defaultRetention = parseDefaultRetention(asObject(retentionNode));
  }
  return config;
}

export function objectLockConfigurationXml(config: ObjectLockConfiguration): string {
  let rule = '';
  const d = config.defaultRetention;
  if (d !== undefined) rule = wrap('Rule', wrap('DefaultRetention', tag('Mode', d.mode) + tag('Days', d.days) + tag('Years', d.years)));
  return xmlDocument('ObjectLockConfiguration', tag('ObjectLockEnabled', 'Enabled') + rule);
}

/**
 * PutObjectRetention's body. An empty <Retention/> asks to remove the
 * version's retention (GOVERNANCE with the bypass header only; the store
 * decides): that is null.
 */
export function parseRetention(xml: Buffer | string, now: Date = new Date()): Retention | null {
  const { root, content } = parseXml(xml);
  if (root !== 'Retention') throw new S3Error('MalformedXML', 'The root element must be Retention.');
  onlyElements(content, ['Mode', 'RetainUntilDate']);
  const mode = text(content, 'Mode');
  const until = text(content, 'RetainUntilDate');
  if (mode === undefined && until === undefined) return null;
  if (mode === undefined || until === undefined)
    throw new S3Error('MalformedXML', 'Retention needs both Mode and RetainUntilDate, or neither to remove it.');
  if (!isRetentionMode(mode)) throw new S3Error('MalformedXML', `The retention mode ${mode} is not valid: use GOVERNANCE or COMPLIANCE.`);
  const retainUntil = parseIsoDate(until);
  if (retainUntil === undefined)
    throw new S3Error('MalformedXML', 'RetainUntilDate must be an ISO 8601 date and time, such as 2030-01-01T00:00:00Z.');
  if (retainUntil.getTime() <= now.getTime())
    throw new S3Error('InvalidArgument', 'The retain until date must be in the future!', {
      ArgumentName: 'RetainUntilDate',
      ArgumentValue: until.trim(),
    });
  return { mode, retainUntil };
}

export function retentionXml(retention: Retention): string {
  return xmlDocument('Retention', tag('Mode', retention.mode) + tag('RetainUntilDate', isoTime(retention.retainUntil)));
}

/** PutObjectLegalHold's body: true for ON, false for OFF. */
export function parseLegalHold(xml: Buffer | string): boolean {
  const { root, content } = parseXml(xml);
  if (root !== 'LegalHold') throw new S3Error('MalformedXML', 'The root element must be LegalHold.');
  onlyElements(content, ['Status']);
  const status = text(content, 'Status');
  if (status === 'ON') return true;
  if (status === 'OFF') return false;
  throw new S3Error('MalformedXML', 'LegalHold must contain a Status of ON or OFF.');
}

export function legalHoldXml(on: boolean): string {
  return xmlDocument('LegalHold', tag('Status', on ? 'ON' : 'OFF'));
}
