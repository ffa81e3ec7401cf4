// The shape of one fuzzed request, from the catalogue through the mutators
// to the wire. Header values are "wire strings": one char per byte (latin1),
// so that unicode, control characters and invalid UTF-8 reach the socket as
// the exact bytes chosen, and are signed as the server will read them.

export type QueryPair = [name: string, value: string | null];

/** An aws-chunked body, framed after signing (signed chunks chain from the request's signature). */
export interface ChunkPlan {
  mode: 'signed' | 'signed-trailer' | 'unsigned-trailer';
  data: Buffer;
  chunkBytes: number;
  /** Framing faults to inject (see chunked.ts). */
  faults: string[];
  /** Seeds the choices made while framing (where a fault lands). */
  frameSeed: number;
}

export interface FuzzRequest {
  /** Catalogue entry and the mutations applied, for the report. */
  op: string;
  mutations: string[];
  method: string;
  /** Percent-encoded path. */
  path: string;
  /** Signed query parameters, in wire order. */
  query: QueryPair[];
  /** Appended to the query after signing (encoding mutations; breaks the signature on purpose). */
  rawQuerySuffix?: string;
  /** Signed headers, lower-case names, one value each. */
  headers: Array<[string, string]>;
  /** Signed headers whose value 'a,b' is sent as two lines (SigV4 joins repeated headers with ','). */
  splitHeaders?: string[];
  /** Sent after the signed ones, unsigned: duplicates, Content-Length lies, Transfer-Encoding. */
  extraHeaders: Array<[string, string]>;
  /** x-amz-content-sha256 to sign; defaults to the sha256 of the body. */
  payloadHash?: string;
  body: Buffer;
  chunked?: ChunkPlan;
  /** HTTP chunked transfer encoding of the body, well or badly framed. */
  httpChunked?: 'ok' | 'bad-size' | 'no-final' | 'with-content-length';
  /** 'auto' sends the body's length; a number lies; 'none' sends none. */
  contentLength: 'auto' | 'none' | number;
  /** The client will not finish its request (short body, cut framing): it half-closes, and no answer is owed. */
  truncated: boolean;
  /** Hang up after this many bytes of the request were written, or of the response were read. */
  hangUp?: { phase: 'request' | 'response'; atByte: number };
  /** A GET of an object over 128 KiB (streamed from data files, not inline). */
  largeResponse: boolean;
}

export function describeRequest(req: FuzzRequest): string {
  const q = req.query.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&') + (req.rawQuerySuffix ?? '');
  return `${req.method} ${req.path}${q === '' ? '' : `?${q}`}`;
}
