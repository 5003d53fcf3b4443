/**
 * The output image on disk: written once as xorriso streams it, its media check MD5 computed on the way
 * on a thread of its own (src/iso/media-check-thread.ts), then the checksum implanted in place. Reading the
 * image back to hash it, as implantisomd5 does, would cost another pass over every byte.
 */
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { APPLICATION_USE_OFFSET } from '../core/iso/media-check.js';
import type { MediaCheckThread } from './media-check-thread.js';

/** Writes of up to 1 MiB: far fewer system calls than the stream's 16 KiB default (no faster beyond). */
const WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * Writes `image` to `file` (a new file, mode 0600: the image carries the answers) and feeds `check`;
 * `onProgress` gets the share written, 0 to 100, once the image's length is known.
 */
export async function writeImageFile(
  image: Readable,
  file: string,
  check: MediaCheckThread,
  onProgress?: (percent: number) => void,
): Promise<void> {
  let written = 0;
  const checksumming = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      check.update(chunk).then(() => {
        written += chunk.length;
        const length = check.imageLength;
        if (length !== undefined) onProgress?.(Math.min(100, (100 * written) / length));
        done(null, chunk);
      }, done);
    },
  });
  await pipeline(
    image,
    checksumming,
    createWriteStream(file, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_BUFFER_BYTES }),
  );
}

/**
 * Puts the finished checksum into the written image's primary volume descriptor. It opens the file by its
 * name again: safe because `iso` writes only into directories no other user can change, or sticky ones where
 * no other user can rename or remove root's file (prepareIso refuses the rest).
 */
export async function implantMediaCheck(file: string, check: MediaCheckThread): Promise<void> {
  const field = await check.finish();
  const handle = await open(file, 'r+');
  try {
    await handle.write(field, 0, field.length, APPLICATION_USE_OFFSET);
  } finally {
    await handle.close();
  }
}
