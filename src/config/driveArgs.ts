// Drive arguments of `lode server`: several directories, and MinIO-style
// ellipsis ranges that expand to many (`/mnt/disk{1...8}`). Pure, so the CLI
// and tests share it; the drives themselves are checked later, by their
// format.json (storage/layout), not by their names.
//
// Rules:
// - `{A...B}` (three dots) is a range: numbers (`{1...8}`; a bound written
//   with a leading zero pads every number to the wider bound's width, so
//   `{01...16}` gives 01..16) or single letters of one case (`{a...d}`).
//   Bounds are inclusive and must ascend (`{1...1}` is one value).
// - Several ranges in one argument expand to every combination, the
//   leftmost range varying slowest: `/n{1...2}/d{1...2}` gives /n1/d1,
//   /n1/d2, /n2/d1, /n2/d2. Arguments expand in the order given.
// - A brace group with two or more dots that is not a valid range
//   (`{1..8}`, `{8...1}`, `{1...x}`) is an error, not a literal: it is
//   almost surely a typo, and starting on a literal "{1..8}" directory
//   would be worse. Braces without dots (`/mnt/{data}`) stay literal.
// - The same directory twice (after expansion; `./d`, `d` and `d/` are the
//   same) is an error.

import { resolve } from 'node:path';

/** More paths than any one node or cluster definition needs: a guard against `{1...100000000}`. */
const MAX_EXPANDED_DRIVES = 100_000;

const GROUP = /\{([^{}]*)\}/g;
const NUMBER_RANGE = /^(\d+)\.\.\.(\d+)$/;
const LETTER_RANGE = /^([a-z])\.\.\.([a-z])$|^([A-Z])\.\.\.([A-Z])$/;

export function expandDriveArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    for (const path of expandOne(arg)) {
      out.push(path);
      if (out.length > MAX_EXPANDED_DRIVES)
        throw new Error(`the drive arguments expand to more than ${MAX_EXPANDED_DRIVES} paths: check the ranges`);
    }
  }
  refuseDuplicates(out);
  return out;
}

/** One argument: literal pieces and ranges, multiplied out. */
function expandOne(arg: string): string[] {
  if (arg === '') throw new Error('a drive argument is empty');
  let results = [''];
  let at = 0;
  for (const match of arg.matchAll(GROUP)) {
    const body = match[1] ?? '';
    if (!body.includes('..')) continue; // Not a range: stays literal, braces included.
    const literal = arg.slice(at, match.index);
    checkLiteral(literal, arg);
    const values = rangeValues(body, arg);
    if (results.length * values.length > MAX_EXPANDED_DRIVES)
      throw new Error(`"${arg}" expands to more than ${MAX_EXPANDED_DRIVES} paths: check the ranges`);
    results = results.flatMap((prefix) => values.map((value) => prefix + literal + value));
    at = match.index + match[0].length;
  }
  const tail = arg.slice(at);
  checkLiteral(tail, arg);
  return results.map((prefix) => prefix + tail);
}

/** Literal text with an unpaired brace next to dots is a broken range (`/d{1...8`), not a directory name. */
function checkLiteral(literal: string, arg: string): void {
  if (/[{}]/.test(literal) && literal.includes('..')) {
    throw new Error(`"${arg}" has an unbalanced brace around a range: write ranges as {1...8}`);
  }
}

function rangeValues(body: string, arg: string): string[] {
  const numbers = NUMBER_RANGE.exec(body);
  if (numbers !== null) {
    const [, fromText = '', toText = ''] = numbers;
    const from = Number(fromText);
    const to = Number(toText);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new Error(`"{${body}}" in "${arg}": the numbers are too large`);
    checkAscending(from, to, body, arg);
    if (to - from + 1 > MAX_EXPANDED_DRIVES)
      throw new Error(`"{${body}}" in "${arg}" has more than ${MAX_EXPANDED_DRIVES} values: check the range`);
    const padded = (fromText.length > 1 && fromText.startsWith('0')) || (toText.length > 1 && toText.startsWith('0'));
    const width = padded ? Math.max(fromText.length, toText.length) : 0;
    const values: string[] = [];
    for (let n = from; n <= to; n++) values.push(String(n).padStart(width, '0'));
    return values;
  }
  const letters = LETTER_RANGE.exec(body);
  if (letters !== null) {
    const from = (letters[1] ?? letters[3] ?? '').charCodeAt(0);
    const to = (letters[2] ?? letters[4] ?? '').charCodeAt(0);
    checkAscending(from, to, body, arg);
    const values: string[] = [];
    for (let c = from; c <= to; c++) values.push(String.fromCharCode(c));
    return values;
  }
  if (/^[^.]*[^.]\.\.[^.]/.test(body) && !body.includes('...')) {
    throw new Error(`"{${body}}" in "${arg}" is not a range: ranges use three dots, as in {${body.replace('..', '...')}}`);
  }
  throw new Error(`"{${body}}" in "${arg}" is not a valid range: use {1...8}, {01...16} or {a...d}`);
}

function checkAscending(from: number, to: number, body: string, arg: string): void {
  if (from > to) throw new Error(`"{${body}}" in "${arg}" counts down: write the smaller bound first`);
}

function refuseDuplicates(paths: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const path of paths) {
    const key = comparable(path);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new Error(earlier === path ? `drive ${path} is given twice` : `drives ${earlier} and ${path} are the same directory`);
    }
    seen.set(key, path);
  }
}

/** The same directory spelled differently compares equal (./d, d, d/, $PWD/d). URLs (a later cluster form) compare as written. */
function comparable(path: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? path : resolve(path);
}
