/**
 * collectAnswers: the answers for install (and `answers wizard`) from every source in precedence order,
 * asking only what is still open, then a summary with "install", "change an answer", "save and quit".
 * The answers are saved (0600) before it returns; a Ctrl-C before then leaves no file.
 */
import yaml from 'js-yaml';
import type { HostDefaults } from '../../core/answers/propose.js';
import { sections } from '../../core/answers/fields.js';
import type { Problem } from '../../core/answers/problems.js';
import type { AnswersModel } from '../../core/answers/model.js';
import type { Answers } from '../../core/answers/schema.js';
import { validateAnswers, validateAnswersText } from '../../core/answers/validate.js';
import { InputError } from '../../core/errors.js';
import { messages } from '../../core/messages.js';
import { readAnswersText } from '../answers-file.js';
import type { Io } from '../io.js';
import type { Session } from './ask.js';
import { ask } from './ask.js';
import { invalidQuestions } from './check.js';
import { candidate, given } from './layers.js';
import type { PromptFn } from '../prompt.js';
import { inquirerPrompt } from '../prompt.js';
import type { Question } from './questions.js';
import { questionFor, questionOwning, questions } from './questions.js';
import { saveAnswers } from './save.js';
import { applicable, shown, summary } from './summary.js';
import type { Tree } from './tree.js';
import { getPath, isTree, layer } from './tree.js';

export interface CollectOptions {
  /** a complete or partial answers file (`--answers FILE`) */
  answersFile?: string;
  /** answers from command-line flags: `answersFromFlags(options)` */
  flags: Tree;
  /** what the host proposes (`hostDefaults(await gatherHostFacts())`) */
  hostDefaults: HostDefaults;
  io: Io;
  /** the terminal; tests inject answers here */
  prompt?: PromptFn;
  /** where the answers are saved (always, before returning) */
  saveTo: string;
  /** offer "install" at the end (install: yes; `answers wizard`: no) */
  offerInstall?: boolean;
  /** replace an existing saveTo (default false: an earlier answers file is never silently replaced) */
  overwrite?: boolean;
  /** the hint when saveTo exists and may not be replaced (default: the one for -o and --force) */
  existsHint?: string;
  /** said before the first question, when there are questions (install on a host it will not change) */
  notice?: string;
}

export interface Collected {
  answers: Answers;
  /** the answers' model (src/core/answers/model.ts): model.answers is answers */
  model: AnswersModel;
  savedTo: string;
  /** "quit": the user chose "save answers and quit" (always, when install is not offered) */
  action: 'install' | 'quit';
  /** the user saw the summary and chose the action (false when the file and flags were complete) */
  reviewed: boolean;
}

const errorsOf = (raw: unknown): Problem[] =>
  validateAnswers(raw).problems.filter((p) => p.severity === 'error');

export async function collectAnswers(options: CollectOptions): Promise<Collected> {
  const { io, answersFile } = options;
  const offerInstall = options.offerInstall ?? true;
  const where = answersFile ?? messages.wizardAnswersLabel;
  const file = answersFile === undefined ? {} : await readTree(answersFile);
  const session: Session = {
    layers: { facts: options.hostDefaults, file, flags: options.flags, typed: {} },
    prompt: options.prompt ?? inquirerPrompt,
    io,
  };
  refuseUnaskable(session, where, answersFile);

  // Complete means: what the user gave (file, flags) is valid on its own; then nothing is asked.
  // Empty sections under the given answers make the validator name each missing field, not the section.
  const givenProblems = errorsOf(layer({ version: 1 }, emptySections(), given(session.layers)));
  const complete = givenProblems.length === 0;
  if (!complete && !io.interactive) takeFromHost(session, where);

  let action: Collected['action'] = offerInstall ? 'install' : 'quit';
  const asking = !complete && io.interactive;
  if (asking) {
    if (options.notice !== undefined) io.err(options.notice);
    io.err(offerInstall ? messages.wizardIntro : messages.wizardIntroNoInstall);
    await firstPass(session);
    await repair(session);
    action = await review(session, offerInstall);
  }

  const result = validateAnswers(candidate(session.layers));
  if (result.model === undefined) {
    // Only rules about fields nobody is asked about can get here, and refuseUnaskable catches those.
    throw new InputError(
      messages.answersInvalid(where, result.problems.length),
      invalidHint(answersFile),
      result.problems.map((p) => messages.problem(where, p)),
    );
  }
  const { model } = result;
  await saveAnswers(options.saveTo, model.answers, {
    overwrite: options.overwrite ?? false,
    ...(options.existsHint === undefined ? {} : { existsHint: options.existsHint }),
  });
  io.err(`${messages.answersWritten(options.saveTo)}\n${messages.wizardReplay(options.saveTo)}\n`);
  return { answers: model.answers, model, savedTo: options.saveTo, action, reviewed: asking };
}

/**
 * No terminal to ask on: what this host proposes fills what the file and flags leave open (as the
 * wizard's proposals and `check` without --answers do), and the answers taken from it are named.
 * What the host cannot propose either is an input error naming each missing answer.
 */
function takeFromHost(session: Session, where: string): void {
  const values = candidate(session.layers);
  const problems = errorsOf(layer({ version: 1 }, emptySections(), values));
  if (problems.length > 0) {
    throw new InputError(
      messages.wizardNoTerminal(problems.length),
      messages.wizardNoTerminalHint,
      problems.map((p) => messages.problem(where, p)),
    );
  }
  const decided = given(session.layers);
  const fromHost = questions.filter(
    (q) => q.when(values) && getPath(decided, q.path) === undefined && getPath(values, q.path) !== undefined,
  );
  if (fromHost.length > 0) session.io.err(messages.wizardFromHost(fromHost.map((q) => q.key)));
}

/** The file's own name in the hint; answers given only as flags are fixed on the command line. */
const invalidHint = (answersFile: string | undefined): string =>
  answersFile === undefined ? messages.flagsInvalidHint : messages.answersInvalidHint(answersFile);

const emptySections = (): Tree =>
  Object.fromEntries(sections().flatMap((s) => (s.isObject ? [[s.key, {}]] : [])));

/** The answers file as a plain tree; syntax errors and non-mappings are reported like `answers validate`. */
async function readTree(file: string): Promise<Tree> {
  const text = await readAnswersText(file);
  let raw: unknown = 'not a mapping';
  try {
    raw = yaml.load(text) ?? {};
  } catch {
    // validateAnswersText below says where the syntax breaks
  }
  if (isTree(raw)) return raw;
  const problems = validateAnswersText(text).problems;
  throw new InputError(
    messages.answersInvalid(file, problems.length),
    messages.answersInvalidHint(file),
    problems.map((p) => messages.problem(file, p)),
  );
}

/**
 * Problems in the file or flags that no question can fix (an unknown key, a bad bridge name, YAML
 * errors) are input errors up front, before anyone spends time answering.
 */
function refuseUnaskable(session: Session, where: string, answersFile: string | undefined): void {
  const decided = given(session.layers);
  const unaskable = errorsOf(candidate(session.layers)).filter(
    (p) => questionOwning(p.path) === undefined && getPath(decided, p.path.map(String)) !== undefined,
  );
  if (unaskable.length > 0) {
    throw new InputError(
      messages.answersInvalid(where, unaskable.length),
      invalidHint(answersFile),
      unaskable.map((p) => messages.problem(where, p)),
    );
  }
}

/** Every question, in order, that the file and flags left open or answered with a refused value. */
async function firstPass(session: Session): Promise<void> {
  for (const q of questions) {
    const values = candidate(session.layers);
    if (!q.when(values) || q.choices.length === 1) continue;
    const isGiven = getPath(given(session.layers), q.path) !== undefined;
    const refused = invalidQuestions(values).find((i) => i.question === q);
    if (isGiven && refused === undefined) continue;
    await ask(session, q, isGiven ? refused?.reason : undefined);
  }
}

/** Re-asks, with the validator's reason, every answer that a later or changed answer made invalid. */
async function repair(session: Session): Promise<void> {
  for (;;) {
    const next = invalidQuestions(candidate(session.layers))[0];
    if (next === undefined) return;
    await ask(session, next.question, next.reason);
  }
}

async function review(session: Session, offerInstall: boolean): Promise<Collected['action']> {
  const { io, prompt } = session;
  for (;;) {
    const values = candidate(session.layers);
    io.err(summary(values));
    const choices = [
      ...(offerInstall ? [{ value: 'install', name: messages.wizardChoiceInstall }] : []),
      { value: 'change', name: messages.wizardChoiceChange },
      { value: 'quit', name: messages.wizardChoiceQuit },
    ];
    const next = await prompt({
      type: 'select',
      name: 'menu',
      message: messages.wizardNext,
      choices,
      default: offerInstall ? 'install' : 'quit',
    });
    if (next === 'install' || next === 'quit') return next;
    const which = await prompt({
      type: 'select',
      name: 'menu.change',
      message: messages.wizardWhich,
      choices: applicable(values).map((q) => ({ value: q.key, name: `${q.label}: ${shown(q, values)}` })),
    });
    const q: Question | undefined = questionFor(String(which));
    if (q === undefined) continue;
    await ask(session, q);
    await repair(session);
  }
}
