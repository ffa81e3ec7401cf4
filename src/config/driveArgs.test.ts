import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandDriveArgs } from './driveArgs.js';

test('plain arguments pass through in order', () => {
  assert.deepEqual(expandDriveArgs([]), []);
  assert.deepEqual(expandDriveArgs(['./data']), ['./data']);
  assert.deepEqual(expandDriveArgs(['/b', '/a', '/c']), ['/b', '/a', '/c']);
});

test('numeric ranges expand inclusively, keeping zero padding', () => {
  assert.deepEqual(expandDriveArgs(['/mnt/disk{1...4}']), ['/mnt/disk1', '/mnt/disk2', '/mnt/disk3', '/mnt/disk4']);
  assert.deepEqual(expandDriveArgs(['/d{3...3}']), ['/d3']);
  const padded = expandDriveArgs(['/mnt/disk{01...16}']);
  assert.equal(padded.length, 16);
  assert.equal(padded[0], '/mnt/disk01');
  assert.equal(padded[8], '/mnt/disk09');
  assert.equal(padded[15], '/mnt/disk16');
  assert.deepEqual(expandDriveArgs(['/d{008...011}']), ['/d008', '/d009', '/d010', '/d011']);
  assert.deepEqual(expandDriveArgs(['/d{9...11}']), ['/d9', '/d10', '/d11']);
  assert.deepEqual(expandDriveArgs(['/d{0...2}']), ['/d0', '/d1', '/d2']);
});

test('letter ranges expand', () => {
  assert.deepEqual(expandDriveArgs(['/dev/sd{a...d}']), ['/dev/sda', '/dev/sdb', '/dev/sdc', '/dev/sdd']);
  assert.deepEqual(expandDriveArgs(['/X{A...C}']), ['/XA', '/XB', '/XC']);
  assert.throws(() => expandDriveArgs(['/x{a...D}']), /not a valid range/);
  assert.throws(() => expandDriveArgs(['/x{d...a}']), /counts down/);
});

test('several ranges in one argument multiply out, leftmost slowest; arguments concatenate', () => {
  assert.deepEqual(expandDriveArgs(['/mnt/n{1...2}/d{1...3}']), [
    '/mnt/n1/d1',
    '/mnt/n1/d2',
    '/mnt/n1/d3',
    '/mnt/n2/d1',
    '/mnt/n2/d2',
    '/mnt/n2/d3',
  ]);
  assert.deepEqual(expandDriveArgs(['/a{1...2}', '/b', '/c{x...y}z']), ['/a1', '/a2', '/b', '/cxz', '/cyz']);
  assert.equal(expandDriveArgs(['/n{1...4}/d{01...16}']).length, 64);
});

test('braces without dots stay literal', () => {
  assert.deepEqual(expandDriveArgs(['/mnt/{data}', '/x{}', '/y{1.5}']), ['/mnt/{data}', '/x{}', '/y{1.5}']);
});

test('broken ranges are explained, not used as directory names', () => {
  assert.throws(() => expandDriveArgs(['/mnt/disk{1..8}']), /ranges use three dots, as in \{1\.\.\.8\}/);
  assert.throws(() => expandDriveArgs(['/mnt/disk{8...1}']), /counts down/);
  assert.throws(() => expandDriveArgs(['/mnt/disk{1...x}']), /not a valid range/);
  assert.throws(() => expandDriveArgs(['/mnt/disk{1...}']), /not a valid range/);
  assert.throws(() => expandDriveArgs(['/mnt/disk{-1...3}']), /not a valid range/);
  assert.throws(() => expandDriveArgs(['/mnt/disk{1....8}']), /not a valid range/);
  assert.throws(() => expandDriveArgs(['/mnt/disk{1...8']), /unbalanced brace/);
  assert.throws(() => expandDriveArgs(['/mnt/disk1...8}']), /unbalanced brace/);
  assert.throws(() => expandDriveArgs(['']), /empty/);
  assert.throws(() => expandDriveArgs(['/d{1...99999999}']), /more than 100000/);
  assert.throws(() => expandDriveArgs(['/a{1...1000}/b{1...1000}']), /more than 100000/);
});

test('the same drive twice is refused, however it is spelled', () => {
  assert.throws(() => expandDriveArgs(['/mnt/disk{1...4}', '/mnt/disk3']), /drive \/mnt\/disk3 is given twice/);
  assert.throws(() => expandDriveArgs(['/d{1...2}', '/d{2...3}']), /given twice/);
  assert.throws(() => expandDriveArgs(['./data', 'data/']), /drives \.\/data and data\/ are the same directory/);
  assert.throws(() => expandDriveArgs(['/m/a', '/m//b/../a']), /same directory/);
  assert.throws(() => expandDriveArgs([`${process.cwd()}/x`, 'x']), /same directory/);
  assert.deepEqual(expandDriveArgs(['/d{01...02}', '/d{1...2}']), ['/d01', '/d02', '/d1', '/d2']);
});
