// `npm run soak`: the "done when" check, as a user would try it.
// On a 1-drive and a 4-drive node: ABANDONED downloads of multipart,
// erasure-coded (or single-file) and inline objects, each abandoned at a
// random point, while STEADY other clients upload and download steadily.
// Passes when no worker exits, every steady upload succeeds, every object
// reads back identical, and the workers' open files and memory come back
// to where they started. Prints the counts; exits 1 on any failure.
//
//   npm run soak -- [--abandon 1000] [--steady 16] [--drives 1] [--drives 4] [--seed N]
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { HostileWorld, SHAPES, seededRandom } from '../e2e/hostile/fixture.js';
import { hangUpAfter, requestHead } from '../e2e/hostile/sockets.js';

interface Options {
  abandon: number;
  steady: number;
  drives: number[];
  seed: number;
}

function parse(argv: string[]): Options {
  const o: Options = { abandon: 1000, steady: 16, drives: [], seed: Date.now() % 1_000_000 };
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--abandon') o.abandon = value;
    else if (argv[i] === '--steady') o.steady = value;
    else if (argv[i] === '--drives') o.drives.push(value);
    else if (argv[i] === '--seed') o.seed = value;
    else continue;
    i++;
  }
  if (o.drives.length === 0) o.drives = [1, 4];
  return o;
}

async function soak(drives: number, o: Options): Promise<boolean> {
  const world = await HostileWorld.start({ name: `${drives} drive(s)`, drives });
  const random = seededRandom(o.seed + drives);
  const start = world.measure();
  let abandoned = 0;
  let steadyOps = 0;
  const failures: string[] = [];
  const uploads = new Map<string, Buffer>();
  try {
    const heads = await Promise.all(
      SHAPES.map(async (shape) =>
        requestHead({ method: 'GET', target: await world.presignedGet(world.key(shape)), headers: {} }, world.port),
      ),
    );
    const sizes = SHAPES.map((shape) => world.objects.get(shape)!.length);
    let done = false;
    // The abandoning clients: 8 at a time until `abandon` downloads were dropped.
    const abandoners = Array.from({ length: 8 }, async () => {
      while (abandoned < o.abandon) {
        abandoned++;
        const which = Math.floor(random() * SHAPES.length);
        await hangUpAfter(world.port, heads[which]!, undefined, Math.floor(random() * sizes[which]!)).catch((e: Error) =>
          failures.push(`abandoned download: ${e.message}`),
        );
      }
    });
    // The steady clients: each uploads its own objects and reads others back, until the abandoning ends.
    const steady = Array.from({ length: o.steady }, async (_, c) => {
      const s3 = world.server.client();
      for (let n = 0; !done; n++) {
        const key = `steady/${c}/${n}`;
        const body = randomBytes(n % 3 === 0 ? 300 * 1024 : 8 * 1024);
        try {
          await s3.send(new PutObjectCommand({ Bucket: world.bucket, Key: key, Body: body }));
          uploads.set(key, body);
          const shape = SHAPES[n % SHAPES.length]!;
          const got = await s3.send(new GetObjectCommand({ Bucket: world.bucket, Key: world.key(shape) }));
          if (!Buffer.from(await got.Body!.transformToByteArray()).equals(world.objects.get(shape)!))
            failures.push(`steady client ${c}: ${shape} read back different`);
          steadyOps += 2;
        } catch (e) {
          failures.push(`steady client ${c}: ${(e as Error).name}: ${(e as Error).message}`);
        }
      }
    });
    const progress = setInterval(
      () => process.stderr.write(`soak ${drives} drive(s): ${abandoned}/${o.abandon} abandoned, ${steadyOps} steady operations\n`),
      5000,
    );
    await Promise.all(abandoners);
    done = true;
    await Promise.all(steady);
    clearInterval(progress);
    for (const [key, body] of uploads) {
      const got = await world.s3.send(new GetObjectCommand({ Bucket: world.bucket, Key: key }));
      if (!Buffer.from(await got.Body!.transformToByteArray()).equals(body)) failures.push(`${key} read back different`);
    }
    try {
      await world.assertIntact('after the soak');
    } catch (e) {
      failures.push((e as Error).message.split('\n')[0]!);
    }
    const end = world.measure();
    const describe = (m: typeof start): string =>
      m.pids
        .map(
          (p) =>
            `${p}: ${m.fds.get(p)?.files} files, ${m.fds.get(p)?.sockets} sockets, ${Math.round((m.rssKiB.get(p) ?? 0) / 1024)} MiB anon`,
        )
        .join('; ');
    const exits = world.server.newCrashes();
    process.stdout.write(
      `soak ${drives} drive(s), seed ${o.seed}: ${abandoned} downloads abandoned, ${o.steady} steady clients made ${uploads.size} uploads and ${steadyOps} operations, ` +
        `${failures.length} failure(s), ${exits.length} crash line(s)\n  start: ${describe(start)}\n  end:   ${describe(end)}\n`,
    );
    for (const f of [...failures, ...exits].slice(0, 20)) process.stdout.write(`  FAIL ${f}\n`);
    return failures.length === 0 && exits.length === 0;
  } finally {
    await world.dispose();
  }
}

const options = parse(process.argv.slice(2));
let ok = true;
for (const drives of options.drives) ok = (await soak(drives, options)) && ok;
process.exit(ok ? 0 : 1);
