/**
 * The media check MD5 on a thread of its own (src/iso/media-check-thread.ts starts it): hashing a 4 GiB
 * DVD image takes seconds of CPU, and here it runs beside the main thread's reading and writing instead of
 * between them. The bytes come through a ring in shared memory (workerData); messages in name a filled
 * span of it, or 'end'; messages out are WorkerReply.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MediaCheckError, MediaCheckSum } from '../core/iso/media-check.js';

export interface Span {
  start: number;
  length: number;
}

export type WorkerReply =
  | { hashed: number; imageLength: number | undefined }
  | { field: Uint8Array }
  | { error: string; mediaCheck: boolean };

const port = parentPort;
if (port === null || !(workerData instanceof SharedArrayBuffer))
  throw new Error('media-check-worker runs as a worker thread, given its ring');
const ring = workerData;
const sum = new MediaCheckSum();
let failed = false;

port.on('message', (message: Span | 'end') => {
  if (failed) return;
  try {
    if (message === 'end') {
      port.postMessage({ field: sum.finish() } satisfies WorkerReply);
      return;
    }
    sum.update(Buffer.from(ring, message.start, message.length));
    port.postMessage({ hashed: message.length, imageLength: sum.imageLength } satisfies WorkerReply);
  } catch (error) {
    failed = true;
    port.postMessage({
      error: error instanceof Error ? error.message : String(error),
      mediaCheck: error instanceof MediaCheckError,
    } satisfies WorkerReply);
  }
});
