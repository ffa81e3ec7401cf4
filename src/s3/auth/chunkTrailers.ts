// The trailing headers of an aws-chunked body, read line by line after the
// zero-length chunk: the declared checksum trailer, and for signed bodies the
// x-amz-trailer-signature over it (chained to the last chunk's signature).
import type { ChecksumAlgorithmName } from '../../util/checksum.js';
import { S3Error } from '../errors.js';
import { canonicalTrailer, trailerSignature } from './chunkSignature.js';
import { signaturesEqual } from './signingKey.js';
import { trailerAlgorithm } from './trailers.js';
import type { ChunkSigning } from './types.js';

/** All trailing headers together, blank lines included. */
const MAX_TRAILER_BYTES = 16 * 1024;

export interface TrailerOptions {
  /** *-TRAILER mode: trailing headers may follow the last chunk. */
  trailer: boolean;
  /** The trailer header named by x-amz-trailer, if any. */
  declaredTrailer?: string;
  /** Present for signed bodies: the trailer signature is verified. */
  signing?: ChunkSigning;
}

export function shown(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}

export class ChunkTrailers {
  private readonly headers: Array<[string, string]> = [];
  private bytes = 0;
  private signatureSeen = false;
  private received: { algorithm: ChecksumAlgorithmName; value: string } | undefined;

  constructor(private readonly options: TrailerOptions) {}

  checksum(): { algorithm: ChecksumAlgorithmName; value: string } | undefined {
    return this.received;
  }

  /**
   * One line (without CRLF). `lastChunkSignature` chains the trailer signature.
   * Returns true when the line ends the body.
   */
  onLine(line: string, lastChunkSignature: string): boolean {
    this.bytes += line.length + 2;
    if (this.bytes > MAX_TRAILER_BYTES) {
      throw new S3Error('IncompleteBody', `The aws-chunked body is malformed: the trailing headers exceed ${MAX_TRAILER_BYTES} bytes`);
    }
    if (line.trim() === '') {
      // A blank line ends the body (and its trailers). In trailer mode, before any
      // trailer, it is the extra CRLF some clients put after the last chunk.
      return !this.options.trailer || this.headers.length > 0 || this.signatureSeen;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new S3Error('InvalidRequest', `The aws-chunked body has a malformed trailing header ${shown(line)}.`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.verifySignature(value, lastChunkSignature);
      return false;
    }
    if (this.signatureSeen) throw new S3Error('InvalidRequest', `The trailing header "${name}" comes after x-amz-trailer-signature.`);
    if (!this.options.trailer) {
      throw new S3Error(
        'InvalidRequest',
        `Trailing headers ("${name}") are only allowed when x-amz-content-sha256 is a STREAMING-*-TRAILER value.`,
      );
    }
    if (name !== this.options.declaredTrailer) {
      throw new S3Error('InvalidRequest', `The trailing header "${name}" was not declared in the x-amz-trailer header.`);
    }
    const algorithm = trailerAlgorithm(name);
    if (algorithm === undefined || this.received !== undefined) {
      throw new S3Error('InvalidRequest', `The trailing header "${name}" is not a single checksum trailer.`);
    }
    this.headers.push([name, value]);
    this.received = { algorithm, value };
    return false;
  }

  private verifySignature(provided: string, lastChunkSignature: string): void {
    this.signatureSeen = true;
    const signing = this.options.signing;
    if (signing === undefined) return; // unsigned chunks: nothing to check it against
    const canonical = canonicalTrailer(this.headers);
    const expected = trailerSignature(signing.signingKey, signing.amzDate, signing.scope, lastChunkSignature, canonical);
    if (!signaturesEqual(expected, provided)) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'The trailer signature does not match the signature we calculated. Check your key and signing method.',
        {
          SignatureProvided: provided,
        },
      );
    }
  }

  /** At the end of the body: what was declared came, and signed trailers were signed. */
  finish(): void {
    if (this.options.declaredTrailer !== undefined && this.received === undefined) {
      throw new S3Error(
        'InvalidRequest',
        `The x-amz-trailer header declared "${this.options.declaredTrailer}" but the body has no such trailing header.`,
      );
    }
    if (this.options.signing !== undefined && this.headers.length > 0 && !this.signatureSeen) {
      throw new S3Error('SignatureDoesNotMatch', 'The trailing headers of a signed aws-chunked body have no x-amz-trailer-signature.');
    }
  }
}
