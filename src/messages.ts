/**
 * Every user-facing sentence of the CLI, in one place: constants for fixed text, functions for text
 * with values. Validation wording lives with its rules in src/core/answers/rules.ts.
 */
import type { Problem } from './core/answers/problems.js';
import { dotted } from './core/answers/problems.js';

export const errorLine = (message: string): string => `error: ${message}\n`;
export const hintLine = (hint: string): string => `hint: ${hint}\n`;

export const messages = {
  debugHint: 'run again with --debug for the stack trace',
  unexpected: (message: string) => `unexpected failure: ${message}`,
  cancelled: 'cancelled; nothing was written',

  answersFileUnreadable: (file: string, reason: string) => `cannot read the answers file ${file}: ${reason}`,
  answersInvalid: (file: string, errors: number) =>
    `${file} has ${errors} problem${errors === 1 ? '' : 's'}; nothing was changed`,
  answersInvalidHint: 'fix the lines above, then run: cloud-in-a-box answers validate FILE',
  answersValid: (file: string, warnings: number) =>
    `${file} is valid` + (warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''),
  answersWritten: (file: string) => `wrote ${file} (mode 0600: it may hold secrets)`,
  answersNextStep: (file: string) => `next: edit it, then run: cloud-in-a-box answers validate ${file}`,
  answersExists: (file: string) => `${file} already exists; not overwriting it`,
  answersExistsHint: 'choose another file with -o FILE, or remove the old one',

  problem: (file: string, problem: Problem): string => {
    const where = problem.position ? `${file}:${problem.position.line}:${problem.position.column}` : file;
    const key = problem.path.length > 0 ? `${dotted(problem.path)}: ` : '';
    const value = problem.value === undefined ? '' : `${JSON.stringify(problem.value)} `;
    return `${where}: ${problem.severity}: ${key}${value}${problem.message}`;
  },
};
