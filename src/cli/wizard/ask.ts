/**
 * Asking one question: the prompt built from the question's data, the answer judged by the one
 * validation before the prompt lets it go, and stored in the typed layer.
 */
import type { Io } from '../io.js';
import { proposeAnswers } from '../../core/answers/propose.js';
import { messages } from '../../core/messages.js';
import { refusal, warnings } from './check.js';
import { answerText, parseAnswer } from './input-text.js';
import type { Layers } from './layers.js';
import { candidate, currentValue, proposals } from './layers.js';
import type { PromptFn, PromptQuestion } from '../prompt.js';
import type { Question } from './questions.js';
import type { Tree } from './tree.js';
import { setPath } from './tree.js';

export interface Session {
  layers: Layers;
  prompt: PromptFn;
  io: Io;
}

/** Asks `q` until the validator accepts the answer; `reason` says why an earlier value was refused. */
export async function ask(session: Session, q: Question, reason?: string): Promise<void> {
  const { io, prompt } = session;
  if (reason !== undefined) io.err(messages.wizardAskAgain(q.label, reason));
  const values = candidate(session.layers);
  const judge = (text: string): true | string =>
    refusal(q, values, parseAnswer(q.kind, text, q.nullable)) ?? true;
  const common = {
    name: q.key,
    message: q.label,
    description: q.description,
    ...(q.hint === undefined ? {} : { hint: q.hint }),
  };
  const current = proposed(session, q, values);
  let value: unknown;
  if (q.kind === 'password') {
    value = await askPassword(session, common, judge, q);
  } else if (q.kind === 'yesno') {
    value = await prompt({ ...common, type: 'confirm', default: current === true });
  } else if (q.kind === 'choice') {
    // A choice has no free text to refuse, but it can still break a rule with other answers.
    for (;;) {
      const choices = q.choices.map((c) => ({ value: c, name: c }));
      const chosen = String(await prompt({ ...common, type: 'select', choices, ...defaultText(current) }));
      const refused = refusal(q, values, chosen);
      if (refused === undefined) {
        value = chosen;
        break;
      }
      io.err(messages.wizardAskAgain(q.label, refused));
    }
  } else {
    const text = String(await prompt({ ...common, type: 'input', validate: judge, ...defaultText(current) }));
    value = parseAnswer(q.kind, text, q.nullable);
  }
  session.layers.typed = setPath(session.layers.typed, q.path, value);
  for (const note of warnings(q, candidate(session.layers))) io.err(messages.wizardNote(q.label, note));
}

/**
 * The default offered: the current answer, unless the validator refuses it (an address change made the
 * old ranges invalid); then the host's fresh proposal, when that one is acceptable.
 */
function proposed(session: Session, q: Question, values: Tree): unknown {
  const current = currentValue(values, q.path);
  const offers = [
    current,
    currentValue(proposals(session.layers), q.path),
    currentValue(proposeAnswers(session.layers.facts), q.path),
  ];
  return offers.find((v) => v !== undefined && refusal(q, values, v) === undefined) ?? current;
}

function defaultText(value: unknown): { default?: string } {
  const text = answerText(value);
  return text === undefined || text === '' ? {} : { default: text };
}

/**
 * Masked, asked twice; on a mismatch both are asked again. Empty (when allowed) means "generate one".
 * A refused password is judged after its prompt closed, so that it is asked again in an empty field: a
 * masked prompt that refuses keeps the refused text in the field (inquirer's password prompt writes it
 * back), and what the user then types is appended to characters they cannot see.
 */
async function askPassword(
  { prompt, io }: Session,
  common: Omit<PromptQuestion, 'type'>,
  judge: (text: string) => true | string,
  q: Question,
): Promise<string | null> {
  for (;;) {
    const first = String(await prompt({ ...common, type: 'password' }));
    if (first === '' && q.nullable) return null;
    const verdict = judge(first);
    if (verdict !== true) {
      io.err(messages.wizardAskAgain(q.label, verdict));
      continue;
    }
    const again = String(
      await prompt({ name: `${common.name}.again`, message: messages.wizardPasswordAgain, type: 'password' }),
    );
    if (again === first) return first;
    io.err(messages.wizardPasswordMismatch);
  }
}
