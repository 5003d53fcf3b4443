/** The answers as the user reads them before anything runs: one line per question, secrets masked. */
import { messages } from '../../core/messages.js';
import { currentValue } from './layers.js';
import type { Question } from './questions.js';
import { questions } from './questions.js';
import type { Tree } from './tree.js';

export function shown(q: Question, values: Tree): string {
  const value = currentValue(values, q.path);
  if (q.kind === 'password')
    return value === null || value === undefined ? messages.wizardGenerated : messages.wizardMasked;
  if (value === null || value === undefined) return messages.wizardNone;
  if (typeof value === 'boolean') return value ? messages.wizardYes : messages.wizardNo;
  if (Array.isArray(value)) return value.map(String).join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const applicable = (values: Tree): Question[] => questions.filter((q) => q.when(values));

export function summary(values: Tree): string {
  const asked = applicable(values);
  const width = Math.max(...asked.map((q) => q.label.length));
  return (
    messages.wizardSummaryTitle +
    asked.map((q) => `  ${q.label.padEnd(width)}  ${shown(q, values)}\n`).join('') +
    '\n'
  );
}
