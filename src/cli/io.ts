import { wrapText } from './wrap.js';

/** Where the CLI writes, injectable so that tests capture output without touching process streams. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** true when stdin and stdout are terminals a person can answer prompts on */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout's terminal width, for prose printed there (wrapText); undefined when it is not a terminal */
  outWidth?: number;
}

interface Streams {
  stdin: { isTTY?: boolean };
  stdout: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;
  stderr: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;
}

/** A terminal's width; undefined for a pipe or a file, whose lines stay whole for the program reading them. */
const terminalWidth = (stream: Streams['stdout']): number | undefined =>
  stream.isTTY ? stream.columns : undefined;

/**
 * The process's streams. Standard error carries only prose (errors, hints, notes), so it is wrapped to
 * the terminal; standard output also carries data (plans, JSON, YAML), so commands wrap their prose
 * there themselves with `outWidth`.
 */
export const processIo = (streams: Streams = process, env: NodeJS.ProcessEnv = process.env): Io => ({
  out: (text) => streams.stdout.write(text),
  err: (text) => streams.stderr.write(wrapText(text, terminalWidth(streams.stderr))),
  interactive: streams.stdin.isTTY === true && streams.stdout.isTTY && !env.CI,
  env,
  cwd: process.cwd(),
  outWidth: terminalWidth(streams.stdout),
});
