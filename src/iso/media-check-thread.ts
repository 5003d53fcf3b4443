/**
 * The main thread's side of src/iso/media-check-worker.ts. The image goes to the worker through a ring of
 * RING_BYTES in shared memory: each chunk is copied into the free part of the ring and its span posted; a
 * span is free again once the worker says it hashed it. So memory stays bounded whatever the image's size,
 * and the writer waits when the hashing falls a whole ring behind.
 */
import { Worker } from 'node:worker_threads';
import { MediaCheckError } from '../core/iso/media-check.js';
import type { Span, WorkerReply } from './media-check-worker.js';

const RING_BYTES = 8 * 1024 * 1024;
// the built module beside this one (the worker thread loads JavaScript, not the TypeScript source)
const WORKER_URL = new URL('./media-check-worker.js', import.meta.url);

export class MediaCheckThread {
  readonly #ring = new SharedArrayBuffer(RING_BYTES);
  readonly #worker = new Worker(WORKER_URL, { workerData: this.#ring });
  /** where the next chunk goes, and how much of the ring is free */
  #head = 0;
  #free = RING_BYTES;
  #imageLength: number | undefined;
  #failure: Error | undefined;
  #field: Buffer | undefined;
  /** woken when ring space comes free, the field arrives or the worker fails */
  #wake: (() => void) | undefined;

  constructor() {
    this.#worker.on('message', (reply: WorkerReply) => {
      if ('hashed' in reply) {
        this.#free += reply.hashed;
        this.#imageLength = reply.imageLength;
      } else if ('field' in reply) this.#field = Buffer.from(reply.field);
      else this.#failure = reply.mediaCheck ? new MediaCheckError(reply.error) : new Error(reply.error);
      this.#wake?.();
    });
    this.#worker.on('error', (error) => {
      this.#failure = error;
      this.#wake?.();
    });
  }

  /** The image's length, once the worker has seen its primary volume descriptor. */
  get imageLength(): number | undefined {
    return this.#imageLength;
  }

  /** Hands the next chunk over; resolves when it is in the ring (not yet hashed). */
  async update(chunk: Buffer): Promise<void> {
    let rest = chunk;
    while (rest.length > 0) {
      const length = Math.min(rest.length, this.#free, RING_BYTES - this.#head);
      if (length === 0) {
        await this.#next();
        continue;
      }
      rest.copy(Buffer.from(this.#ring, this.#head, length), 0, 0, length);
      this.#worker.postMessage({ start: this.#head, length } satisfies Span);
      this.#head = (this.#head + length) % RING_BYTES;
      this.#free -= length;
      rest = rest.subarray(length);
    }
  }

  /** The application-use field to implant, once every chunk is hashed. */
  async finish(): Promise<Buffer> {
    this.#worker.postMessage('end');
    while (this.#field === undefined) await this.#next();
    return this.#field;
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }

  async #next(): Promise<void> {
    this.#throwIfFailed();
    await new Promise<void>((resolve) => (this.#wake = resolve));
    this.#wake = undefined;
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
