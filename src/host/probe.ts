/**
 * One probe = one fact source with a deadline. A probe that throws or runs out of time yields
 * undefined and leaves a note, so that one slow or broken tool never stops the others.
 */
import type { ProbeNote } from '../core/facts/types.js';
import { ToolError } from './tools/tool.js';

export interface ProbeContext {
  signal: AbortSignal;
  timeoutMs: number;
}

export class Prober {
  readonly notes: ProbeNote[] = [];

  constructor(private readonly timeoutMs: number) {}

  async run<T>(
    probe: string,
    fn: (context: ProbeContext) => Promise<T>,
    /** errors that mean "absent" rather than "failed": no note for them */
    quiet: (error: unknown) => boolean = () => false,
  ): Promise<T | undefined> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([fn({ signal: controller.signal, timeoutMs: this.timeoutMs }), deadline]);
    } catch (error) {
      if (!quiet(error)) this.notes.push({ probe, message: messageOf(error) });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

export function isNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error.code === 'ENOENT' || error.code === 'ENOTDIR')
  );
}

/** The note for a failed probe: one line; a tool's failure with the first line it wrote to stderr. */
function messageOf(error: unknown): string {
  if (error instanceof ToolError && error.lastLines[0] !== undefined)
    return `${error.message}: ${error.lastLines[0]}`;
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}
