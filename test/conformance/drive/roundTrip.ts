// Drive conformance: what is staged, appended and committed reads back
// byte for byte, whatever its size and however it is read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MiB, patternBytes, readChunksFrom, readWhole, writeFile, type Drive, type DriveFactory, type DriveSubject } from './harness.js';

export function roundTripTests(factory: DriveFactory): void {
  describe(`${factory.name}: stage, append, commit, read`, () => {
    let subject: DriveSubject;
    let drive: Drive;
    before(async () => {
      subject = await factory.create();
      drive = subject.drive;
    });
    after(() => subject.dispose());

    for (const [label, sizeBytes] of [
      ['0 B', 0],
      ['1 B', 1],
      ['4 KiB + 3', 4096 + 3],
      ['3.5 MiB', 3.5 * MiB],
    ] as const) {
      it(`round-trips ${label}: commit answers {fileId, sizeBytes}, the file has that size`, async () => {
        const bytes = patternBytes(sizeBytes, sizeBytes + 1);
        const staged = await drive.stage();
        assert.equal(staged.sizeBytes, 0);
        // Two appends, the first of two buffers (either may be empty for the smallest sizes).
        const half = Math.floor(sizeBytes / 2);
        await staged.append([bytes.subarray(0, Math.min(1, half)), bytes.subarray(Math.min(1, half), half)]);
        await staged.append([bytes.subarray(half)]);
        assert.equal(staged.sizeBytes, sizeBytes, 'a staged file counts the bytes appended');
        const part = await staged.commit();
        assert.deepEqual(part, { fileId: staged.fileId, sizeBytes });
        const file = await drive.open(part.fileId);
        try {
          assert.equal(await file.sizeBytes(), sizeBytes);
        } finally {
          await file.close();
        }
        assert.ok((await readWhole(drive, part.fileId)).equals(bytes));
      });
    }

    it('round-trips many small appends (one byte to a few hundred, 2,000 of them)', async () => {
      const bytes = patternBytes(2000 * 150, 7);
      const staged = await drive.stage();
      let position = 0;
      for (let i = 0; position < bytes.length; i++) {
        const take = Math.min(bytes.length - position, 1 + ((i * 37) % 300));
        await staged.append([bytes.subarray(position, position + take)]);
        position += take;
        assert.equal(staged.sizeBytes, position);
      }
      const part = await staged.commit();
      assert.equal(part.sizeBytes, bytes.length);
      assert.ok((await readWhole(drive, part.fileId, 7777)).equals(bytes));
    });

    it('skips empty buffers in an append', async () => {
      const bytes = patternBytes(5000, 8);
      const staged = await drive.stage();
      await staged.append([Buffer.alloc(0), bytes.subarray(0, 10), Buffer.alloc(0)]);
      await staged.append([]);
      await staged.append([bytes.subarray(10)]);
      assert.equal(staged.sizeBytes, bytes.length);
      const part = await staged.commit();
      assert.ok((await readWhole(drive, part.fileId)).equals(bytes));
    });

    it('reads any range with read(): positions inside, at and after the end', async () => {
      const bytes = patternBytes(2.25 * MiB + 17, 9);
      const fileId = await writeFile(drive, bytes);
      const file = await drive.open(fileId);
      try {
        for (const [position, length] of [
          [0, 1],
          [1, 100],
          [MiB - 3, 10],
          [2 * MiB + 5, 4096],
          [bytes.length - 1, 50],
        ] as const) {
          const out = Buffer.alloc(length);
          let got = 0;
          while (got < length && position + got < bytes.length) {
            const n = await file.read(out, got, length - got, position + got);
            assert.ok(n > 0, `read() stalled at ${position + got}`);
            got += n;
          }
          assert.ok(out.subarray(0, got).equals(bytes.subarray(position, position + length)), `bytes at ${position}`);
        }
        assert.equal(await file.read(Buffer.alloc(8), 0, 8, bytes.length), 0, 'at the end');
        assert.equal(await file.read(Buffer.alloc(8), 0, 8, bytes.length + 1000), 0, 'after the end');
      } finally {
        await file.close();
      }
    });

    it('streams with readChunks(position, max): the right bytes from anywhere, [] at and after the end', async () => {
      const bytes = patternBytes(3 * MiB + 1234, 10);
      const fileId = await writeFile(drive, bytes);
      const file = await drive.open(fileId);
      try {
        for (const [position, max] of [
          [0, 256 * 1024],
          [0, 1000],
          [MiB - 1, 64 * 1024],
          [bytes.length - 100, 4096],
        ] as const) {
          assert.ok((await readChunksFrom(file, position, max)).equals(bytes.subarray(position)), `from ${position} by ${max}`);
        }
        assert.deepEqual(await file.readChunks(bytes.length, 1000), []);
        assert.deepEqual(await file.readChunks(bytes.length + 5, 1000), []);
      } finally {
        await file.close();
      }
      const empty = await drive.open(await writeFile(drive, Buffer.alloc(0)));
      try {
        assert.deepEqual(await empty.readChunks(0, 1000), []);
      } finally {
        await empty.close();
      }
    });

    it('round-trips every storage class it may be asked for', async () => {
      for (const storageClass of ['STANDARD', 'REDUCED_REDUNDANCY', 'GLACIER']) {
        const bytes = patternBytes(1.5 * MiB, storageClass.length);
        const fileId = await writeFile(drive, bytes, { storageClass });
        assert.ok((await readWhole(drive, fileId)).equals(bytes), storageClass);
      }
    });

    it('keeps concurrent stages apart: interleaved appends, commits in another order', async () => {
      const files = Array.from({ length: 8 }, (_, i) => ({ bytes: patternBytes(200_000 + i * 50_000, 100 + i), fileId: '' }));
      const staged = await Promise.all(files.map(() => drive.stage()));
      assert.equal(new Set(staged.map((s) => s.fileId)).size, files.length, 'each stage gets its own id');
      for (let offset = 0; ; offset += 64 * 1024) {
        const appends = staged.flatMap((s, i) =>
          offset < files[i]!.bytes.length ? [s.append([files[i]!.bytes.subarray(offset, offset + 64 * 1024)])] : [],
        );
        if (appends.length === 0) break;
        await Promise.all(appends);
      }
      const parts = await Promise.all([...staged].reverse().map((s) => s.commit()));
      parts.reverse();
      for (const [i, file] of files.entries()) {
        assert.equal(parts[i]!.sizeBytes, file.bytes.length);
        assert.ok((await readWhole(drive, parts[i]!.fileId)).equals(file.bytes), `file ${i}`);
      }
    });

    it('serves one file to several readers; closing one leaves the others reading', async () => {
      const bytes = patternBytes(1.2 * MiB, 11);
      const fileId = await writeFile(drive, bytes);
      const first = await drive.open(fileId);
      const second = await drive.open(fileId);
      await first.close();
      try {
        assert.ok((await readChunksFrom(second, 0, 128 * 1024)).equals(bytes));
      } finally {
        await second.close();
      }
      // Open and close many times: nothing is held once closed.
      for (let i = 0; i < 200; i++) await (await drive.open(fileId)).close();
      assert.ok((await readWhole(drive, fileId)).equals(bytes));
    });

    it('keeps committed files across a restart', async () => {
      const bytes = patternBytes(MiB + 3, 12);
      const fileId = await writeFile(drive, bytes);
      const reopened = await subject.reopen();
      assert.ok((await readWhole(reopened, fileId)).equals(bytes));
    });
  });
}
