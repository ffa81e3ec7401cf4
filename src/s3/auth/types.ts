// The public types of the SigV4 layer (re-exported by index.ts).
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ChecksumAlgorithmName } from '../../util/checksum.js';

export interface AuthInput {
  /** 'GET', 'PUT', ... */
  method: string;
  /** Path exactly as on the request line, percent-encoding preserved, no query. */
  rawPath: string;
  /** Query string exactly as sent, without '?', '' when none. */
  rawQuery: string;
  /** Node's lower-cased headers. */
  headers: IncomingHttpHeaders;
  /**
   * Optional: IncomingMessage.headersDistinct. Lets a header sent several times
   * be signed as SigV4 joins it (',') rather than as node joins it (', ').
   */
  headersDistinct?: Readonly<Record<string, readonly string[] | undefined>>;
  /** Server clock. */
  nowMs: number;
  /** The bucket named by the Host header (virtual-host-style); Signature V2 signs it as part of the resource. */
  hostBucket?: string;
}

/** Returns the secret key for an access key id, or undefined when unknown. */
export type SecretLookup = (accessKeyId: string) => string | undefined;

/** What the chunk decoder needs to verify chunk and trailer signatures. */
export interface ChunkSigning {
  signingKey: Buffer;
  /** The request's own signature: the first link of the chunk signature chain. */
  seedSignature: string;
  /** yyyymmdd/region/s3/aws4_request */
  scope: string;
  /** yyyymmddThhmmssZ of the request. */
  amzDate: string;
}

export type PayloadMode =
  /** UNSIGNED-PAYLOAD, and presigned URLs. */
  | { kind: 'unsigned' }
  /** x-amz-content-sha256 is a hex hash (lower-cased here) the body must match; the caller verifies. */
  | { kind: 'sha256'; expectedHex: string }
  | ({
      kind: 'streaming';
      /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]: every chunk carries a signature. */
      signedChunks: boolean;
      /** *-TRAILER: trailing headers follow the last chunk. */
      trailer: boolean;
      /** The checksum named by x-amz-trailer, known before the body is read. */
      trailerAlgorithm?: ChecksumAlgorithmName;
      /** x-amz-trailer as declared, e.g. 'x-amz-checksum-crc32'. */
      trailerHeader?: string;
    } & ChunkSigning);

export interface AuthResult {
  accessKeyId: string;
  /** Region in the credential scope. */
  region: string;
  payload: PayloadMode;
  /** x-amz-decoded-content-length for streaming payloads. */
  decodedContentLength?: number;
  /** IAM's s3:authType: how the request was signed. */
  authType: 'REST-HEADER' | 'REST-QUERY-STRING';
  /** The signing instant (x-amz-date, Date or X-Amz-Date), for s3:signatureAge. */
  signedAtMs: number;
  /** x-amz-security-token / X-Amz-Security-Token when sent (signed). */
  sessionToken?: string;
}

export interface DecodedPayload {
  body: Readable;
  /** After `body` ended: the trailing checksum the client sent, if any (e.g. from x-amz-checksum-crc32 trailer). */
  trailingChecksum(): { algorithm: ChecksumAlgorithmName; value: string } | undefined;
}
