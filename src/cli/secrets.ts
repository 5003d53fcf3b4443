import type { Answers } from '../core/answers/schema.js';

/** The secret answers' values, to mask wherever output is written. */
export function secretsOf(answers: Answers): string[] {
  return [answers.admin.password, answers.kickstart.rootPassword].filter(
    (s): s is string => s !== null && s !== '',
  );
}
