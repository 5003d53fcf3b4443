/**
 * Where install keeps the answers it collected when not told where: the user's configuration directory
 * (XDG Base Directory: $XDG_CONFIG_HOME, else ~/.config), never the current directory (a checkout, for
 * `npm start`), and never over an earlier answers file.
 */
import { access, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** `cloud-in-a-box` under $XDG_CONFIG_HOME; the spec says to ignore a value that is empty or relative. */
export function configDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(env.HOME ?? homedir(), '.config');
  return path.join(base, 'cloud-in-a-box');
}

/** answers.yaml there, or answers-2.yaml, answers-3.yaml, ... when taken; the directory is made (0700). */
export async function freeAnswersPath(env: NodeJS.ProcessEnv): Promise<string> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? 'answers.yaml' : `answers-${n}.yaml`);
    if (!(await exists(file))) return file;
  }
}

export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
