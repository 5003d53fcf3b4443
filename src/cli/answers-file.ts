/** Loads an answers file for any command: read, validate, and turn problems into one InputError. */
import { readFile } from 'node:fs/promises';
import type { AnswersModel } from '../core/answers/model.js';
import type { Answers } from '../core/answers/schema.js';
import type { Problem } from '../core/answers/problems.js';
import { validateAnswersText } from '../core/answers/validate.js';
import { InputError } from '../core/errors.js';
import { messages, systemReason } from '../core/messages.js';

export interface LoadedAnswers {
  answers: Answers;
  /** the answers' model (src/core/answers/model.ts): model.answers is answers */
  model: AnswersModel;
  warnings: Problem[];
}

export async function readAnswersText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      messages.answersFileUnreadable(file, systemReason(error)),
      (error as NodeJS.ErrnoException).code === 'EISDIR'
        ? messages.answersFileIsDirHint
        : messages.answersFileUnreadableHint,
    );
  }
}

export async function loadAnswers(file: string): Promise<LoadedAnswers> {
  return answersFromText(await readAnswersText(file), file);
}

/** The answers in TEXT, read from FILE (here, or on the target host). */
export function answersFromText(text: string, file: string): LoadedAnswers {
  const { model, problems } = validateAnswersText(text);
  if (model === undefined) {
    const errors = problems.filter((p) => p.severity === 'error');
    throw new InputError(
      messages.answersInvalid(file, errors.length),
      messages.answersInvalidHint(file),
      problems.map((p) => messages.problem(file, p)),
    );
  }
  return { answers: model.answers, model, warnings: problems };
}
