/** Where the CLI writes, injectable so that tests capture output without touching process streams. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** true when stdin and stdout are terminals a person can answer prompts on */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo = (): Io => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stdin.isTTY && process.stdout.isTTY && !process.env.CI,
  env: process.env,
  cwd: process.cwd(),
});
