// Decodes an aws-chunked body into the object's bytes:
//
//   hex-size[;chunk-signature=sig]\r\n <data> \r\n   ... repeated
//   0[;chunk-signature=sig]\r\n
//   [name:value\r\n ... [x-amz-trailer-signature:sig\r\n]] \r\n
//
// Payload bytes are never copied or scanned in JS: data is forwarded as
// subarrays of the input buffers and only fed to the chunk hash. Lines (size
// lines, trailers) are found with Buffer.indexOf and capped, so a garbage
// stream cannot make us buffer without bound. Chunk data is forwarded before
// its signature is checked (holding 64 KiB per chunk back would cost memory
// and latency); a bad signature errors the stream before it ends, so whoever
// consumes it never sees a complete, successful body.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { ChecksumAlgorithmName } from '../../util/checksum.js';
import { S3Error } from '../errors.js';
import { chunkSignature } from './chunkSignature.js';
import { ChunkTrailers, shown, type TrailerOptions } from './chunkTrailers.js';
import { EMPTY_SHA256 } from './constants.js';
import { signaturesEqual } from './signingKey.js';

/** S3's smallest signed chunk, except the last (its InvalidChunkSizeError). */
const MIN_SIGNED_CHUNK_BYTES = 8192;
/** A size line is ~90 bytes and a trailer line ~100; anything near this is garbage. */
const MAX_LINE_BYTES = 4096;
const SIZE = /^[0-9a-fA-F]{1,15}$/;

type State = 'size' | 'data' | 'dataCrlf' | 'trailer' | 'done';

export interface ChunkDecoderOptions extends TrailerOptions {
  /** x-amz-decoded-content-length: the decoded body must be exactly this long. */
  decodedContentLength: number;
}

function framing(detail: string): S3Error {
  return new S3Error('IncompleteBody', `The aws-chunked body is malformed: ${detail}`);
}

export class AwsChunkedDecoder extends Transform {
  private state: State = 'size';
  /** A signed data chunk under MIN_SIGNED_CHUNK_BYTES came: only the final empty chunk may follow. */
  private shortChunkSeen = false;
  private lineParts: Buffer[] = [];
  private lineBytes = 0;
  private remaining = 0;
  private crlfSeen = 0;
  private decodedBytes = 0;
  private chunkIndex = 0;
  private chunkHash: Hash | undefined;
  private chunkSig = '';
  private previousSig: string;
  private readonly trailers: ChunkTrailers;
  private doneBytes = 0;

  constructor(private readonly options: ChunkDecoderOptions) {
    super();
    this.previousSig = options.signing?.seedSignature ?? '';
    this.trailers = new ChunkTrailers(options);
  }

  /** After the body ended: the trailing checksum the client sent, if any. */
  trailingChecksum(): { algorithm: ChecksumAlgorithmName; value: string } | undefined {
    return this.trailers.checksum();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.finish();
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  private consume(buf: Buffer): void {
    let pos = 0;
    while (pos < buf.length) {
      switch (this.state) {
        case 'size':
        case 'trailer': {
          const nl = buf.indexOf(0x0a, pos);
          if (nl === -1) {
            this.appendLine(buf.subarray(pos));
            return;
          }
          const line = this.takeLine(buf, pos, nl);
          pos = nl + 1;
          if (this.state === 'size') this.onSizeLine(line);
          else this.onTrailerLine(line);
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, buf.length - pos);
          const piece = buf.subarray(pos, pos + n);
          this.chunkHash?.update(piece);
          this.push(piece);
          this.remaining -= n;
          pos += n;
          if (this.remaining === 0) {
            this.state = 'dataCrlf';
            this.crlfSeen = 0;
          }
          break;
        }
        case 'dataCrlf': {
          if (buf[pos] !== (this.crlfSeen === 0 ? 0x0d : 0x0a)) {
            throw framing(`chunk ${this.chunkIndex} is not followed by CRLF (does its size match its data?)`);
          }
          pos++;
          if (++this.crlfSeen === 2) {
            this.verifyChunk(this.chunkHash?.digest('hex') ?? EMPTY_SHA256);
            this.state = 'size';
          }
          break;
        }
        case 'done': {
          // Only stray line ends may follow the end of the body, and not many.
          for (; pos < buf.length; pos++) {
            const b = buf[pos];
            if ((b !== 0x0d && b !== 0x0a) || ++this.doneBytes > 64) throw framing('unexpected data after the end of the body');
          }
          break;
        }
      }
    }
  }

  private appendLine(piece: Buffer): void {
    this.lineBytes += piece.length;
    if (this.lineBytes > MAX_LINE_BYTES) throw framing(`a chunk header or trailer line is longer than ${MAX_LINE_BYTES} bytes`);
    // Copy: a reference would pin the whole (payload-sized) input buffer.
    this.lineParts.push(Buffer.from(piece));
  }

  /** The line ending at buf[nl] ('\n'), without its '\r', joined with any buffered start. */
  private takeLine(buf: Buffer, pos: number, nl: number): string {
    let text: string;
    if (this.lineParts.length === 0) {
      if (nl - pos > MAX_LINE_BYTES) throw framing(`a chunk header or trailer line is longer than ${MAX_LINE_BYTES} bytes`);
      text = buf.toString('latin1', pos, nl);
    } else {
      this.appendLine(buf.subarray(pos, nl));
      text = Buffer.concat(this.lineParts, this.lineBytes).toString('latin1');
      this.lineParts = [];
      this.lineBytes = 0;
    }
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  private onSizeLine(line: string): void {
    this.chunkIndex++;
    const semi = line.indexOf(';');
    const sizeText = (semi === -1 ? line : line.slice(0, semi)).trim();
    if (!SIZE.test(sizeText)) throw framing(`chunk ${this.chunkIndex} has an invalid size line ${shown(line)}`);
    const size = parseInt(sizeText, 16);
    if (this.options.signing !== undefined) {
      const sig = semi === -1 ? undefined : extension(line.slice(semi + 1), 'chunk-signature');
      if (sig === undefined) {
        throw new S3Error('SignatureDoesNotMatch', `Chunk ${this.chunkIndex} of a signed aws-chunked body has no chunk-signature.`);
      }
      this.chunkSig = sig;
      this.chunkHash = size > 0 ? createHash('sha256') : undefined;
      // Each signed chunk costs an HMAC and a hash on the event loop: a body
      // of 1-byte chunks would hold a worker for seconds per MiB. S3 allows
      // a short chunk only as the last one before the final empty chunk.
      if (size > 0 && this.shortChunkSeen)
        throw new S3Error(
          'InvalidChunkSizeError',
          `Chunk ${this.chunkIndex - 1} of a signed aws-chunked body is shorter than ${MIN_SIGNED_CHUNK_BYTES} bytes but is not the last.`,
        );
      if (size > 0 && size < MIN_SIGNED_CHUNK_BYTES) this.shortChunkSeen = true;
    }
    if (this.decodedBytes + size > this.options.decodedContentLength) {
      throw new S3Error(
        'IncompleteBody',
        `The aws-chunked body is longer than the ${this.options.decodedContentLength} bytes declared in x-amz-decoded-content-length.`,
      );
    }
    this.decodedBytes += size;
    if (size === 0) {
      this.verifyChunk(EMPTY_SHA256);
      this.state = 'trailer';
    } else {
      this.remaining = size;
      this.state = 'data';
    }
  }

  private onTrailerLine(line: string): void {
    if (this.trailers.onLine(line, this.previousSig)) this.state = 'done';
  }

  private verifyChunk(dataSha256Hex: string): void {
    const signing = this.options.signing;
    if (signing === undefined) return;
    const expected = chunkSignature(signing.signingKey, signing.amzDate, signing.scope, this.previousSig, dataSha256Hex);
    if (!signaturesEqual(expected, this.chunkSig)) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        `The chunk signature of chunk ${this.chunkIndex} does not match the signature we calculated. Check your key and signing method.`,
        { SignatureProvided: this.chunkSig },
      );
    }
    this.previousSig = this.chunkSig;
  }

  private finish(): void {
    if (this.state === 'trailer' && this.lineBytes > 0) {
      // The last trailer line may come without its CRLF at the very end.
      const line = Buffer.concat(this.lineParts, this.lineBytes).toString('latin1');
      this.lineParts = [];
      this.lineBytes = 0;
      this.onTrailerLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (this.state === 'size' || this.state === 'data' || this.state === 'dataCrlf') {
      throw new S3Error(
        'IncompleteBody',
        `The aws-chunked body ended before its final zero-length chunk (${this.decodedBytes} of ${this.options.decodedContentLength} bytes received).`,
      );
    }
    if (this.decodedBytes !== this.options.decodedContentLength) {
      throw new S3Error(
        'IncompleteBody',
        `The aws-chunked body has ${this.decodedBytes} bytes but x-amz-decoded-content-length declared ${this.options.decodedContentLength}.`,
      );
    }
    this.trailers.finish();
  }
}

/** The value of `name=value` among ';'-separated chunk extensions. */
function extension(extensions: string, name: string): string | undefined {
  for (const part of extensions.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
