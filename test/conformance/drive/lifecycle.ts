// Drive conformance: what the engine, healing and start-up maintenance rely
// on besides reading and writing: missing files, discarded stages, a file
// rewritten under its own id, removal, staging clean-up and the scan of
// committed files by hour.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  currentHour,
  fileIdInHour,
  listDataFiles,
  MiB,
  patternBytes,
  readWhole,
  rejectsNotFound,
  writeFile,
  type Drive,
  type DriveFactory,
  type DriveSubject,
} from './harness.js';

export function lifecycleTests(factory: DriveFactory): void {
  describe(`${factory.name}: missing, discarded, rewritten and removed files`, () => {
    let subject: DriveSubject;
    let drive: Drive;
    before(async () => {
      subject = await factory.create();
      drive = subject.drive;
    });
    after(() => subject.dispose());

    it('rejects open() of an id it never committed with an error isNotFound() recognises', async () => {
      await rejectsNotFound(drive.open(fileIdInHour(currentHour())), 'an unknown id');
      const staged = await drive.stage();
      await staged.append([patternBytes(1000, 1)]);
      await rejectsNotFound(drive.open(staged.fileId), 'a staged, uncommitted id');
      await staged.discard();
    });

    for (const sizeBytes of [0, 1000, 2 * MiB + 1]) {
      it(`leaves nothing behind a discarded stage of ${sizeBytes} bytes, staged or committed`, async () => {
        assert.equal(await drive.clearStaging(), 0, 'staging starts empty');
        const staged = await drive.stage();
        if (sizeBytes > 0) await staged.append([patternBytes(sizeBytes, 2)]);
        await staged.discard();
        await staged.discard(); // never throws, also twice
        await rejectsNotFound(drive.open(staged.fileId), 'a discarded id');
        assert.ok(!(await listDataFiles(drive, 0)).has(staged.fileId), 'dataFiles() does not list a discarded file');
        assert.equal(await drive.clearStaging(), 0, 'nothing left in staging');
      });
    }

    it('replaces a committed file when its id is staged again and committed (healing rewrites a file)', async () => {
      const first = patternBytes(1.5 * MiB, 3);
      const fileId = await writeFile(drive, first);
      const replacement = patternBytes(MiB + 77, 4);
      // Staged while the old file is still readable; it stays so until the commit.
      const staged = await drive.stage({ fileId });
      assert.equal(staged.fileId, fileId);
      await staged.append([replacement]);
      assert.ok((await readWhole(drive, fileId)).equals(first), 'the old bytes until the commit');
      assert.deepEqual(await staged.commit(), { fileId, sizeBytes: replacement.length });
      assert.ok((await readWhole(drive, fileId)).equals(replacement), 'the new bytes after it');
      // A discarded rewrite leaves the committed file as it was.
      const abandoned = await drive.stage({ fileId });
      await abandoned.append([patternBytes(5000, 5)]);
      await abandoned.discard();
      assert.ok((await readWhole(drive, fileId)).equals(replacement), 'a discarded rewrite changes nothing');
      assert.equal([...(await listDataFiles(drive, 0))].filter((id) => id === fileId).length, 1, 'listed once');
    });

    it('removes files idempotently and durably', async () => {
      const kept = await writeFile(drive, patternBytes(3000, 6));
      const removed = await writeFile(drive, patternBytes(2 * MiB, 7));
      await drive.remove(removed);
      await rejectsNotFound(drive.open(removed), 'a removed file');
      await drive.remove(removed); // again: not an error
      await drive.remove(fileIdInHour(currentHour())); // never existed: not an error
      const reopened = await subject.reopen();
      drive = reopened;
      await rejectsNotFound(reopened.open(removed), 'a removed file after a restart');
      const listed = await listDataFiles(reopened, 0);
      assert.ok(!listed.has(removed), 'a removed file is not listed after a restart');
      assert.ok(listed.has(kept), 'the other file is still there');
      assert.ok((await readWhole(reopened, kept)).equals(patternBytes(3000, 6)));
    });
  });

  describe(`${factory.name}: maintenance (clearStaging, dataFiles)`, () => {
    let subject: DriveSubject;
    let drive: Drive;
    before(async () => {
      subject = await factory.create();
      drive = subject.drive;
    });
    after(() => subject.dispose());

    it('clearStaging() counts and empties staging, keeping committed files', async () => {
      assert.equal(await drive.clearStaging(), 0, 'a fresh drive has nothing staged');
      const committed = await writeFile(drive, patternBytes(MiB, 1));
      // Interrupted writes: staged files never committed nor discarded (a crashed process).
      const leftovers = await Promise.all(
        [0, 1, 1000].map(async (sizeBytes, i) => {
          const staged = await drive.stage();
          if (sizeBytes > 0) await staged.append([patternBytes(sizeBytes, 10 + i)]);
          return staged;
        }),
      );
      // A drive of several disks counts every disk's entries: at least one per staged file.
      assert.ok((await drive.clearStaging()) >= leftovers.length, 'each staged file is counted');
      assert.equal(await drive.clearStaging(), 0, 'staging is empty afterwards');
      for (const staged of leftovers) {
        await rejectsNotFound(drive.open(staged.fileId), 'a cleared stage');
        await staged.discard(); // the staging file is gone: still no error
      }
      assert.ok((await readWhole(drive, committed)).equals(patternBytes(MiB, 1)));
      assert.deepEqual([...(await listDataFiles(drive, 0))], [committed]);
    });

    it('dataFiles(fromHour) yields the committed ids of that hour and later, not staged ones', async () => {
      const now = currentHour();
      const existing = await listDataFiles(drive, 0);
      const old = await writeFile(drive, patternBytes(100, 20), { fileId: fileIdInHour(now - 48) });
      const recent = await writeFile(drive, patternBytes(MiB + 1, 21), { fileId: fileIdInHour(now - 1) });
      const current = await writeFile(drive, patternBytes(0, 22));
      const staged = await drive.stage();
      await staged.append([patternBytes(500, 23)]);
      const all = await listDataFiles(drive, 0);
      assert.deepEqual([...all].filter((id) => !existing.has(id)).sort(), [old, recent, current].sort());
      const fromRecent = await listDataFiles(drive, now - 1);
      assert.ok(fromRecent.has(recent) && fromRecent.has(current), 'files of the hour asked for and later');
      assert.ok(!fromRecent.has(old), 'not files of earlier hours');
      assert.ok(!fromRecent.has(staged.fileId), 'not staged files');
      const fromNow = await listDataFiles(drive, now);
      assert.ok(fromNow.has(current) && !fromNow.has(recent), 'the current hour only');
      assert.equal((await listDataFiles(drive, now + 2)).size, 0, 'nothing from later hours'); // +2: the hour may turn during the test
      await staged.discard();
    });
  });
}
