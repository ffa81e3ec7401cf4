// Mutators of how the body travels: replaced bodies, aws-chunked framing
// (with faults and length lies), hang-ups mid-request and mid-response, and
// Expect: 100-continue.
import { CHUNK_FAULTS, STREAMING_HASH } from '../chunked.js';
import type { ChunkPlan } from '../request.js';
import { setHeader, type WeightedMutator } from './mutator.js';

export const TRANSFER_MUTATORS: WeightedMutator[] = [
  [
    2,
    (req, rng) => {
      req.body = rng.chance(0.7) ? rng.bytes(rng.pick([1, 100, 5000])) : Buffer.alloc(rng.pick([1_100_000, 3_000_000]), '<');
      return `body:replace:${req.body.length}`;
    },
  ],
  [
    2,
    (req, rng) => {
      const mode = rng.pick<ChunkPlan['mode']>(['signed', 'signed-trailer', 'unsigned-trailer']);
      const faults = Array.from({ length: rng.pick([0, 0, 1, 1, 2]) }, () => rng.pick(CHUNK_FAULTS));
      req.chunked = { mode, data: req.body, chunkBytes: rng.pick([1, 7, 8192, 65536]), faults, frameSeed: rng.int(0x7fffffff) };
      req.payloadHash = STREAMING_HASH[mode];
      setHeader(req, 'content-encoding', rng.chance(0.9) ? 'aws-chunked' : rng.pick(['gzip,aws-chunked', 'gzip', '']));
      const lie = rng.chance(0.15);
      if (rng.chance(0.95))
        setHeader(
          req,
          'x-amz-decoded-content-length',
          lie
            ? rng.pick(['-1', 'abc', '99999999999', String(req.body.length + 1), String(Math.max(0, req.body.length - 1))])
            : String(req.body.length),
        );
      if (mode !== 'signed' && rng.chance(0.9))
        setHeader(
          req,
          'x-amz-trailer',
          rng.chance(0.9)
            ? 'x-amz-checksum-crc32'
            : rng.pick(['x-amz-checksum-sha256', 'x-amz-checksum-bogus', '', 'x-amz-checksum-crc32,x-amz-checksum-sha1']),
        );
      return `aws-chunked:${mode}${faults.length > 0 ? `:${faults.join('+')}` : ''}${lie ? ':length-lie' : ''}`;
    },
  ],
  [
    2,
    (req, rng) => {
      req.hangUp = { phase: 'request', atByte: rng.int(400) };
      return 'hang-up:request';
    },
  ],
  [
    2,
    (req, rng, options) => {
      if (req.largeResponse && !options.largeAborts) return undefined;
      req.hangUp = { phase: 'response', atByte: rng.pick([1, 100, 600, 70_000, 140_000, 500_000]) };
      return 'hang-up:response';
    },
  ],
  [
    1,
    (req) => {
      req.extraHeaders.push(['expect', '100-continue']);
      return 'expect-continue';
    },
  ],
];
