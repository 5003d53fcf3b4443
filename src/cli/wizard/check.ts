/**
 * Judging one answer with the one validation: set it in the whole candidate, run validateAnswers, and
 * keep what concerns this question. Cross-field rules thus apply as the user types ("includes
 * 192.168.56.1, your gateway; ..."), with the validator's own words.
 */
import type { Problem } from '../../core/answers/problems.js';
import { dotted } from '../../core/answers/problems.js';
import { validateAnswers } from '../../core/answers/validate.js';
import { answerText } from './input-text.js';
import type { Question } from './questions.js';
import { questionOwning, questions } from './questions.js';
import type { Tree } from './tree.js';
import { setPath } from './tree.js';

const errors = (values: Tree): Problem[] =>
  validateAnswers(values).problems.filter((p) => p.severity === 'error');

const key = (p: Problem): string => `${p.path.join('.')}\u0000${p.message}`;

const within = (path: readonly (string | number)[], q: Question): boolean =>
  q.path.every((segment, i) => path[i] === segment);

/**
 * Why this value is refused, or undefined when it is fine. Besides the problems at the question's own
 * path, a new problem at a field nobody is asked about (network.bridge equal to the interface) can only
 * be fixed here, so it refuses the value too.
 */
export function refusal(q: Question, values: Tree, value: unknown): string | undefined {
  const before = new Set(errors(values).map(key));
  const after = errors(setPath(values, q.path, value));
  const relevant = after.filter(
    (p) => within(p.path, q) || (questionOwning(p.path) === undefined && !before.has(key(p))),
  );
  return relevant.length === 0 ? undefined : relevant.map((p) => describe(p, q)).join('\n');
}

/** "192.168.56.1-192.168.56.20 includes 192.168.56.1, your gateway; leave it out, e.g. ..." */
export function describe(problem: Problem, q: Question): string {
  if (!within(problem.path, q)) return `${dotted(problem.path)}: ${problem.message}`;
  // The subject is the offending item or value; a whole list ("must list at least 1 entry") needs none.
  const value = q.kind === 'password' || Array.isArray(problem.value) ? undefined : answerText(problem.value);
  if (value === undefined) return problem.message;
  return `${value === '' ? '""' : value} ${problem.message}`;
}

/** The validator's warnings for this question's value ("holds only 5 addresses; ..."), as lines. */
export function warnings(q: Question, values: Tree): string[] {
  return validateAnswers(values)
    .problems.filter((p) => p.severity === 'warning' && within(p.path, q))
    .map((p) => describe(p, q));
}

/** Questions (that apply) whose current value the validator refuses, in order, with the reason. */
export function invalidQuestions(values: Tree): { question: Question; reason: string }[] {
  const problems = errors(values);
  return questions.flatMap((q) => {
    if (!q.when(values)) return [];
    const mine = problems.filter((p) => within(p.path, q));
    return mine.length === 0 ? [] : [{ question: q, reason: mine.map((p) => describe(p, q)).join('\n') }];
  });
}
