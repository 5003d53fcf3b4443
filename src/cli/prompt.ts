/**
 * The one door to the terminal: every question goes through a PromptFn, so tests drive the real
 * question definitions with injected answers, and only `inquirerPrompt` knows about inquirer.
 */
import { CancelledError } from '../core/errors.js';
import { messages } from '../core/messages.js';

interface Common {
  /** a stable name: the question's dotted path, or "menu", "menu.change", "admin.password.again" */
  name: string;
  message: string;
  /** the field's description, shown with the question */
  description?: string;
  /** where users go wrong, shown with the question */
  hint?: string;
}

export type PromptQuestion =
  | (Common & {
      type: 'input';
      default?: string;
      /** true, or why the text is refused; a prompt must not resolve with refused text (inquirer re-asks) */
      validate: (text: string) => true | string;
    })
  | (Common & { type: 'password' })
  | (Common & { type: 'select'; choices: readonly { value: string; name: string }[]; default?: string })
  | (Common & { type: 'confirm'; default: boolean });

/** Resolves with the text typed (input, password), the chosen value (select) or yes/no (confirm). */
export type PromptFn = (question: PromptQuestion) => Promise<string | boolean>;

/** Real prompts on the terminal; Ctrl-C becomes a CancelledError (exit 130). */
export async function inquirerPrompt(question: PromptQuestion): Promise<string | boolean> {
  const { default: inquirer } = await import('inquirer');
  const { styleText } = await import('node:util');
  const context = [question.description, question.hint === undefined ? undefined : `hint: ${question.hint}`]
    .filter((line): line is string => line !== undefined)
    .map((line) => `\n  ${styleText('dim', line)}`)
    .join('');
  const { name: _name, description: _d, hint: _h, ...rest } = question;
  const asked = {
    ...rest,
    name: 'value',
    message: question.message + context + (question.type === 'select' ? '' : '\n '),
    ...(question.type === 'password' ? { mask: '*' } : {}),
    // Once answered, the question shrinks to its first line and the answer: the screen stays short.
    theme: {
      style: {
        message: (text: string, status: string) =>
          styleText('bold', status === 'done' ? (text.split('\n')[0] ?? text) : text),
      },
    },
  };
  try {
    // inquirer types questions as a deep union keyed by `type`; ours map onto it one to one.
    const answers = (await inquirer.prompt([asked] as never)) as { value: string | boolean };
    return answers.value;
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError'))
      throw new CancelledError(messages.cancelled);
    throw error;
  }
}
