/**
 * The output image on disk: written once as xorriso streams it, its media check MD5 computed on the way
 * on a thread of its own (src/iso/media-check-thread.ts), then the checksum implanted in place. Reading the
 * image back to hash it, as implantisomd5 does, would cost another pass over every byte.
 */
import { createWriteStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { APPLICATION_USE_OFFSET } from '../core/iso/media-check.js';
import type { MediaCheckThread } from './media-check-thread.js';

/** Writes of up to 1 MiB: far fewer system calls than the stream's 16 KiB default (no faster beyond). */
const WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * Creates the image file: a new file (never one that was there, nor a symlink), mode 0600 (the image
 * carries the answers). Everything is written through the descriptor this returns, never by the path
 * again: whoever can rename entries in the directory can swap the path for a symlink meanwhile.
 */
export const createImageFile = (file: string): Promise<FileHandle> => open(file, 'wx', 0o600);

/**
 * Writes `image` into `file` (from createImageFile, left open) and feeds `check`; `onProgress` gets the
 * share written, 0 to 100, once the image's length is known.
 */
export async function writeImageFile(
  image: Readable,
  file: FileHandle,
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
  // By the number: a stream given the FileHandle itself keeps it, and the handle's later write never ends.
  await pipeline(
    image,
    checksumming,
    createWriteStream('', { fd: file.fd, autoClose: false, highWaterMark: WRITE_BUFFER_BYTES }),
  );
}

/** Puts the finished checksum into the written image's primary volume descriptor. */
export async function implantMediaCheck(file: FileHandle, check: MediaCheckThread): Promise<void> {
  const field = await check.finish();
  await file.write(field, 0, field.length, APPLICATION_USE_OFFSET);
}
