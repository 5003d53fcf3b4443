/** The answers file the wizard leaves: complete (defaults written out), secrets included, mode 0600. */
import yaml from 'js-yaml';
import type { Answers } from '../../core/answers/schema.js';
import { messages } from '../../core/messages.js';
import { writeSecretFile } from '../write-file.js';

export function answersText(answers: Answers): string {
  // Lists inline ("dns: [192.168.56.1]") as in the example file; absent optional keys are left out.
  return messages.wizardFileHeader + yaml.dump(answers, { lineWidth: -1, flowLevel: 2, skipInvalid: true });
}

export async function saveAnswers(
  file: string,
  answers: Answers,
  how: { overwrite: boolean; existsHint?: string },
): Promise<void> {
  await writeSecretFile(file, answersText(answers), how);
}
