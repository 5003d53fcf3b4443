/**
 * The checksum that anaconda's "Test this media" (checkisomd5, rd.live.check) verifies, computed while the
 * image streams past, so that writing the ISO reads and writes its bytes once instead of writing them and
 * then reading them all again with implantisomd5. The result is byte for byte what `implantisomd5 --force`
 * writes (the tests compare the two). Format and arithmetic from isomd5sum (rhinstaller/isomd5sum 1.2.5,
 * libimplantisomd5.c and utilities.c):
 * - the MD5 covers the image from byte 0 up to 15 sectors before the end the primary volume descriptor
 *   gives, with the descriptor's 512-byte application-use field read as spaces;
 * - the image is hashed in 32 KiB blocks; when a block starts in a new twenty-first of the hashed length, the
 *   MD5 of everything so far gives one fragment sum: the first hex digit of each of its first 3 bytes;
 * - the result goes into the application-use field as
 *   `ISO MD5SUM = <md5>;SKIPSECTORS = 15;RHLISOSTATUS=0;FRAGMENT SUMS = <60 digits>;FRAGMENT COUNT = 20;...`.
 * CentOS 7's checker (isomd5sum 1.0.10) finds the fragment of a block as offset * 21 / length instead of
 * offset / (length / 21); the two agree on every length that is a whole number of sectors, as an image's is.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';

const SECTOR_BYTES = 2048;
/** isomd5sum reads the primary volume descriptor here: right after the 16-sector system area */
const PRIMARY_DESCRIPTOR_OFFSET = 16 * SECTOR_BYTES;
/** the descriptor's application-use field (ECMA-119 8.4.32), where the sum is kept */
export const APPLICATION_USE_OFFSET = PRIMARY_DESCRIPTOR_OFFSET + 883;
export const APPLICATION_USE_BYTES = 512;
/** the volume space size (ECMA-119 8.4.8), in sectors, the big-endian copy */
const VOLUME_SIZE_OFFSET = PRIMARY_DESCRIPTOR_OFFSET + 84;
const HEAD_BYTES = PRIMARY_DESCRIPTOR_OFFSET + SECTOR_BYTES;
const SKIP_SECTORS = 15;
const BLOCK_BYTES = 16 * SECTOR_BYTES;
const FRAGMENT_COUNT = 20;
const FRAGMENT_DIGITS = 60 / FRAGMENT_COUNT;

export class MediaCheckError extends Error {
  override readonly name = 'MediaCheckError';
}

/** Feed it the image from its first byte to its last with `update`; `finish` gives what to write where. */
export class MediaCheckSum {
  #head: Buffer[] = [];
  #headBytes = 0;
  #hash: Hash = createHash('md5');
  /** bytes hashed so far */
  #hashed = 0;
  /** bytes seen so far, hashed or not */
  #seen = 0;
  #hashedLength = 0;
  #imageLength = 0;
  /** the block ends where a fragment sum is taken, in order */
  #fragmentEnds: number[] = [];
  #fragmentSums = '';

  /** The image's length from its primary volume descriptor; known once its first 34 KiB went by. */
  get imageLength(): number | undefined {
    return this.#imageLength === 0 ? undefined : this.#imageLength;
  }

  update(chunk: Buffer): void {
    this.#seen += chunk.length;
    if (this.#imageLength !== 0) {
      this.#hashUpTo(chunk);
      return;
    }
    // a copy: the caller may reuse its buffer as soon as this returns
    this.#head.push(Buffer.from(chunk));
    this.#headBytes += chunk.length;
    if (this.#headBytes < HEAD_BYTES) return;
    const head = Buffer.concat(this.#head);
    this.#head = [];
    this.#start(head);
    // what the checker reads as spaces, and so hashes as spaces
    head.fill(' ', APPLICATION_USE_OFFSET, APPLICATION_USE_OFFSET + APPLICATION_USE_BYTES);
    this.#hashUpTo(head);
  }

  /** The application-use field to write at APPLICATION_USE_OFFSET once every byte went through `update`. */
  finish(): Buffer {
    if (this.#imageLength === 0)
      throw new MediaCheckError(`it ended after ${this.#seen} bytes, before its primary volume descriptor`);
    if (this.#seen < this.#imageLength)
      throw new MediaCheckError(
        `it ended after ${this.#seen} bytes; its primary volume descriptor gives ${this.#imageLength}`,
      );
    const field = Buffer.alloc(APPLICATION_USE_BYTES, ' ');
    field.write(
      `ISO MD5SUM = ${this.#hash.digest('hex')};SKIPSECTORS = ${SKIP_SECTORS};RHLISOSTATUS=0;` +
        `FRAGMENT SUMS = ${this.#fragmentSums};FRAGMENT COUNT = ${FRAGMENT_COUNT};` +
        'THIS IS NOT THE SAME AS RUNNING MD5SUM ON THIS ISO!!',
      'latin1',
    );
    return field;
  }

  #start(head: Buffer): void {
    const descriptor = head.subarray(PRIMARY_DESCRIPTOR_OFFSET, PRIMARY_DESCRIPTOR_OFFSET + 6);
    // type 1 and "CD001" (ECMA-119 8.4.1, 8.4.2); xorriso always writes the primary descriptor first
    if (descriptor[0] !== 1 || descriptor.toString('latin1', 1, 6) !== 'CD001')
      throw new MediaCheckError('it has no primary volume descriptor at sector 16');
    this.#imageLength = head.readUInt32BE(VOLUME_SIZE_OFFSET) * SECTOR_BYTES;
    this.#hashedLength = this.#imageLength - SKIP_SECTORS * SECTOR_BYTES;
    if (this.#hashedLength < HEAD_BYTES)
      throw new MediaCheckError(
        `its volume of ${this.#imageLength} bytes is too small to carry a media check`,
      );
    const fragmentBytes = Math.floor(this.#hashedLength / (FRAGMENT_COUNT + 1));
    let fragment = 0;
    for (let start = 0; start < this.#hashedLength; start += BLOCK_BYTES) {
      const current = Math.floor(start / fragmentBytes);
      if (current === fragment) continue;
      fragment = current;
      this.#fragmentEnds.push(Math.min(start + BLOCK_BYTES, this.#hashedLength));
    }
  }

  /** Hashes the part of `bytes` (which follow what was hashed so far) that lies before the skipped end. */
  #hashUpTo(bytes: Buffer): void {
    let rest = bytes.subarray(0, Math.max(0, this.#hashedLength - this.#hashed));
    while (rest.length > 0) {
      const fragmentEnd = this.#fragmentEnds[0];
      const take =
        fragmentEnd === undefined ? rest.length : Math.min(rest.length, fragmentEnd - this.#hashed);
      this.#hash.update(rest.subarray(0, take));
      this.#hashed += take;
      rest = rest.subarray(take);
      if (this.#hashed === fragmentEnd) {
        this.#fragmentEnds.shift();
        const digest = this.#hash.copy().digest();
        // isomd5sum's snprintf("%01x") and keep one character: the first hex digit of each byte
        for (const byte of digest.subarray(0, FRAGMENT_DIGITS))
          this.#fragmentSums += byte.toString(16).charAt(0);
      }
    }
  }
}
