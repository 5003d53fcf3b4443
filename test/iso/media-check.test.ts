/**
 * The media check computed while the image streams (src/core/iso/media-check.ts) against the reference:
 * the same image given to the real `implantisomd5 --force` must come out byte for byte the same, and the
 * real `checkisomd5` must pass it. The images are made here with xorriso from random files, in sizes that
 * put the fragment boundaries in different places.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  APPLICATION_USE_BYTES,
  APPLICATION_USE_OFFSET,
  MediaCheckError,
  MediaCheckSum,
} from '../../src/core/iso/media-check.js';
import { ensureBuilt, root } from '../install/helpers.js';

const execFileAsync = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'ciab-media-check-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A deterministic pseudo-random byte source, so that a failure can be replayed. */
function bytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** An ISO of `fileBytes` of random content (xorriso adds its padding); returns its bytes. */
async function makeIso(name: string, fileBytes: number): Promise<Buffer> {
  const tree = path.join(work, `${name}-tree`);
  mkdirSync(tree);
  writeFileSync(path.join(tree, 'payload.bin'), bytes(fileBytes, fileBytes));
  const iso = path.join(work, `${name}.iso`);
  await execFileAsync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', name, '-o', iso, tree]);
  return readFileSync(iso);
}

/** What implantisomd5 makes of the image. */
async function implanted(name: string, image: Buffer): Promise<Buffer> {
  const file = path.join(work, `${name}-reference.iso`);
  writeFileSync(file, image);
  await execFileAsync('implantisomd5', ['--force', file]);
  return readFileSync(file);
}

/** The image fed to MediaCheckSum in chunks of the given sizes (cycled), with the field written in. */
function streamed(image: Buffer, chunkSizes: readonly number[]): Buffer {
  const sum = new MediaCheckSum();
  for (let offset = 0, i = 0; offset < image.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    sum.update(image.subarray(offset, offset + size));
    offset += size;
  }
  const out = Buffer.from(image);
  const field = sum.finish();
  assert.equal(field.length, APPLICATION_USE_BYTES);
  field.copy(out, APPLICATION_USE_OFFSET);
  return out;
}

/** The thread's class as built: its worker is a built module beside it, as it ships. */
async function builtMediaCheckThread(): Promise<typeof import('../../src/iso/media-check-thread.js')> {
  ensureBuilt();
  return (await import(
    path.join(root, 'dist/src/iso/media-check-thread.js')
  )) as typeof import('../../src/iso/media-check-thread.js');
}

describe('media check computed while the image streams', () => {
  const cases = [
    // fragments of just over one 32 KiB block each: the smallest image isomd5sum's tools agree on
    { name: 'SMALL', fileBytes: 360_000, chunks: [1, 7, 4096] },
    { name: 'MEDIUM', fileBytes: 3_000_000, chunks: [65_536] },
    { name: 'ODD', fileBytes: 5_123_457, chunks: [1000, 33_333, 131_072] },
    { name: 'LARGE', fileBytes: 21_000_000, chunks: [8 * 1024 * 1024] },
  ];
  for (const { name, fileBytes, chunks } of cases) {
    it(`${name}: the same bytes as implantisomd5 --force, and checkisomd5 passes`, async () => {
      const image = await makeIso(name, fileBytes);
      const ours = streamed(image, chunks);
      const reference = await implanted(name, image);
      assert.equal(ours.length, reference.length);
      assert.ok(ours.equals(reference), 'byte for byte what implantisomd5 writes');
      const file = path.join(work, `${name}-ours.iso`);
      writeFileSync(file, ours);
      await execFileAsync('checkisomd5', [file]);
    });
  }

  it('on its own thread: the same field, also when a chunk is larger than the ring it goes through', async () => {
    const image = await makeIso('THREAD', 30_000_000);
    const direct = new MediaCheckSum();
    direct.update(image);
    const { MediaCheckThread } = await builtMediaCheckThread();
    const thread = new MediaCheckThread();
    try {
      // a 20 MiB chunk wraps the 8 MiB ring and waits for the worker; the small ones go through at once
      const sizes = [3, 20 * 1024 * 1024, 65_536];
      for (let offset = 0, i = 0; offset < image.length; i++) {
        const size = sizes[i % sizes.length]!;
        await thread.update(image.subarray(offset, offset + size));
        offset += size;
      }
      assert.ok((await thread.finish()).equals(direct.finish()));
    } finally {
      await thread.stop();
    }
  });

  it('on its own thread: a failure comes back as a MediaCheckError with its reason', async () => {
    const { MediaCheckThread } = await builtMediaCheckThread();
    const thread = new MediaCheckThread();
    try {
      await thread.update(Buffer.alloc(64 * 1024));
      await assert.rejects(thread.finish(), {
        name: 'MediaCheckError',
        message: 'it has no primary volume descriptor at sector 16',
      });
    } finally {
      await thread.stop();
    }
  });

  it('below 21 blocks, where a block spans two fragments, still the bytes implantisomd5 writes', async () => {
    // isomd5sum's own checkisomd5 fails such an image (it expects a fragment sum the implant skipped);
    // no install ISO is that small, and the bytes stay those of the tool the installer was built around.
    const image = await makeIso('TINY', 150_000);
    assert.ok(streamed(image, [1, 7, 4096]).equals(await implanted('TINY', image)));
  });

  it('checkisomd5 refuses the image when one byte after the sum changes (the test can fail)', async () => {
    const image = await makeIso('FLIPPED', 2_000_000);
    const ours = streamed(image, [65_536]);
    const file = path.join(work, 'flipped.iso');
    const middle = ours.length >> 1;
    ours[middle] = ours[middle]! ^ 0xff;
    writeFileSync(file, ours);
    await assert.rejects(
      execFileAsync('checkisomd5', [file]),
      (error: { code?: number }) => error.code !== 0,
    );
  });

  it('a sum set before, as implantisomd5 leaves it, does not change the result (it is read as spaces)', async () => {
    const image = await makeIso('RESUM', 1_000_000);
    const once = streamed(image, [65_536]);
    assert.ok(streamed(once, [65_536]).equals(once));
  });

  it('an image that ends early is refused at the end, one without a primary descriptor at once', async () => {
    const image = await makeIso('SHORT', 1_000_000);
    const short = new MediaCheckSum();
    short.update(image.subarray(0, image.length - 2048));
    assert.throws(() => short.finish(), MediaCheckError);
    const nothing = new MediaCheckSum();
    assert.throws(() => nothing.finish(), MediaCheckError);
    const notIso = new MediaCheckSum();
    assert.throws(() => {
      notIso.update(Buffer.alloc(64 * 1024));
    }, /no primary volume descriptor at sector 16/);
  });
});
