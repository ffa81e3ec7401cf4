// The world a hostile-client test runs in: a server on one layout (1 drive
// or a 4-drive erasure set), a bucket holding one object of each stored
// shape, and the check every test makes afterwards: same workers, every
// object byte-identical, file descriptors and memory back within a bound,
// nothing left in staging.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Rng } from '../../fuzz/prng.js';
import { anonRssKiB, makeDataDir, openFileCount, startServer, type RunningServer } from '../harness.js';

export interface Layout {
  name: string;
  drives: number;
}
export const LAYOUTS: readonly Layout[] = [
  { name: '1 drive', drives: 1 },
  { name: '4 drives', drives: 4 },
];

/** Shapes the store keeps differently: inline in the index, one data file (or one erasure stripe set), several part files. */
export const SHAPES = ['inline', 'single', 'multipart'] as const;
export type Shape = (typeof SHAPES)[number];

const PART_BYTES = 5 * 1024 * 1024;

export interface Baseline {
  pids: number[];
  fds: Map<number, { sockets: number; files: number }>;
  rssKiB: Map<number, number>;
}

export class HostileWorld {
  readonly bucket = 'hostile';
  readonly objects = new Map<Shape, Buffer>();
  readonly multipartParts = 3;
  private baseline: Baseline | undefined;

  private constructor(
    readonly server: RunningServer,
    readonly s3: S3Client,
    readonly driveDirs: string[],
    private readonly root: string,
  ) {}

  static async start(layout: Layout, extraEnv: Record<string, string> = {}): Promise<HostileWorld> {
    const root = await makeDataDir();
    const driveDirs = layout.drives === 1 ? [root] : Array.from({ length: layout.drives }, (_, i) => join(root, `d${i + 1}`));
    const server = await startServer({
      dataDir: layout.drives === 1 ? root : join(root, `d{1...${layout.drives}}`),
      env: { LODE_SCAN_OBJECTS_PER_SECOND: '0', ...extraEnv },
    });
    const world = new HostileWorld(server, server.client(), driveDirs, root);
    await world.seed();
    world.baseline = world.measure();
    return world;
  }

  get port(): number {
    return this.server.port;
  }

  key(shape: Shape): string {
    return `obj-${shape}`;
  }

  private async seed(): Promise<void> {
    await this.s3.send(new CreateBucketCommand({ Bucket: this.bucket }));
    const inline = randomBytes(4096);
    const single = randomBytes(3 * 1024 * 1024 + 17);
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key('inline'), Body: inline }));
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key('single'), Body: single }));
    this.objects.set('inline', inline);
    this.objects.set('single', single);
    const parts: Buffer[] = [];
    const { UploadId } = await this.s3.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key('multipart') }));
    const etags: { ETag: string; PartNumber: number }[] = [];
    for (let n = 1; n <= this.multipartParts; n++) {
      const part = randomBytes(n === this.multipartParts ? 1024 * 1024 + 5 : PART_BYTES);
      parts.push(part);
      const { ETag } = await this.s3.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: this.key('multipart'), UploadId, PartNumber: n, Body: part }),
      );
      etags.push({ ETag: ETag!, PartNumber: n });
    }
    await this.s3.send(
      new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.key('multipart'), UploadId, MultipartUpload: { Parts: etags } }),
    );
    this.objects.set('multipart', Buffer.concat(parts));
  }

  /** A presigned request target (path and query) for GET of a key, or for another command. */
  async presignedGet(key: string, extra: { partNumber?: number } = {}): Promise<string> {
    const url = await getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(extra.partNumber !== undefined ? { PartNumber: extra.partNumber } : {}) }),
      { expiresIn: 600 },
    );
    const u = new URL(url);
    return u.pathname + u.search;
  }

  async presignedPut(key: string): Promise<string> {
    const u = new URL(await getSignedUrl(this.s3, new PutObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: 600 }));
    return u.pathname + u.search;
  }

  async presignedUploadPart(key: string, uploadId: string, partNumber: number): Promise<string> {
    const u = new URL(
      await getSignedUrl(this.s3, new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), {
        expiresIn: 600,
      }),
    );
    return u.pathname + u.search;
  }

  measure(): Baseline {
    const pids = this.server.workerPids();
    return { pids, fds: new Map(pids.map((p) => [p, openFileCount(p)])), rssKiB: new Map(pids.map((p) => [p, anonRssKiB(p)])) };
  }

  /** Files left in any drive's staging directory. */
  async stagingLeftovers(): Promise<string[]> {
    const found: string[] = [];
    for (const dir of this.driveDirs) {
      const entries = await readdir(join(dir, '.lode', 'tmp')).catch(() => [] as string[]);
      for (const e of entries) found.push(join(dir, '.lode', 'tmp', e));
    }
    return found;
  }

  /**
   * The check after every hostile test: the same workers (none died), every
   * object reads back identical, descriptors and memory back near the
   * baseline, staging empty. Descriptors and staging are polled for a few
   * seconds: a torn-down request finishes closing asynchronously.
   */
  async assertIntact(what: string): Promise<void> {
    const baseline = this.baseline!;
    assert.deepEqual(this.server.workerPids(), baseline.pids, `${what}: the workers changed (one died and was replaced)`);
    for (const [shape, bytes] of this.objects) {
      const got = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(shape) }));
      const body = Buffer.from(await got.Body!.transformToByteArray());
      assert.ok(body.equals(bytes), `${what}: ${shape} object no longer reads back identical`);
    }
    const deadline = Date.now() + 8000;
    for (;;) {
      const now = this.measure();
      // Files (data files, staging files, pipes) must come back to the
      // baseline within a little slack (lazily opened index readers);
      // sockets may stay open for the clients' keep-alive connections, up
      // to a bound that one socket leaked per abandoned request would pass.
      const fileGrowth = baseline.pids.map((p) => (now.fds.get(p)?.files ?? 0) - (baseline.fds.get(p)?.files ?? 0));
      const socketGrowth = baseline.pids.map((p) => (now.fds.get(p)?.sockets ?? 0) - (baseline.fds.get(p)?.sockets ?? 0));
      const leftovers = await this.stagingLeftovers();
      const settled = fileGrowth.every((g) => g <= 4) && socketGrowth.every((g) => g <= 64) && leftovers.length === 0;
      if (settled || Date.now() > deadline) {
        assert.ok(
          fileGrowth.every((g) => g <= 4),
          `${what}: open files grew by ${fileGrowth.join(', ')}`,
        );
        assert.ok(
          socketGrowth.every((g) => g <= 64),
          `${what}: open sockets grew by ${socketGrowth.join(', ')}`,
        );
        assert.deepEqual(leftovers, [], `${what}: staging files left behind`);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const now = this.measure();
    for (const pid of baseline.pids) {
      const grownMiB = ((now.rssKiB.get(pid) ?? 0) - (baseline.rssKiB.get(pid) ?? 0)) / 1024;
      // Generous: the read pool and V8's heap float; a leak per request (1000s of MiB-sized buffers) would not fit.
      assert.ok(grownMiB < 160, `${what}: worker ${pid} anonymous memory grew by ${grownMiB.toFixed(0)} MiB`);
    }
    this.server.assertHealthy(what);
  }

  async dispose(): Promise<void> {
    await this.server.stop();
    await rm(this.root, { recursive: true, force: true });
  }
}

/** A deterministic pseudo-random sequence in [0, 1) (the fuzzer's), so a failing mix of hang-up points replays. */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}
