/**
 * The support bundle's contents, pure: what the host gave (src/core/support/collect.ts), the kept answers
 * with their secrets replaced, the configuration the install renders from them (secret files left out),
 * the host facts and `status --json`; every text through one redactor.
 */
import type { Answers } from '../answers/schema.js';
import { redactedAnswers, secretsOf } from '../answers/secrets.js';
import type { HostFacts } from '../facts/types.js';
import { messages } from '../messages.js';
import type { Plan } from '../plan/types.js';
import type { CollectedFile } from './collect.js';
import { redactor } from './redact.js';

export interface BundleInputs {
  /** the kept answers; undefined on a host that kept none */
  answers: Answers | undefined;
  /** their plan, for the rendered files */
  plan: Plan | undefined;
  facts: HostFacts;
  statusJson: string;
  /** what the host gave: logs, journal, log tails, commands' output */
  files: readonly CollectedFile[];
  /** the host's own secrets (src/core/support/collect.ts) */
  hostSecrets: readonly string[];
  /** what kept the bundle from the answers (they do not validate), for problems.txt */
  problems: readonly string[];
}

export function bundleFiles(inputs: BundleInputs): CollectedFile[] {
  const redact = redactor([...inputs.hostSecrets, ...(inputs.answers ? secretsOf(inputs.answers) : [])]);
  const rendered = inputs.plan?.tasks.flatMap((t) => t.files) ?? [];
  const kept = rendered.filter((f) => !f.secret);
  const files: CollectedFile[] = [
    ...(inputs.answers === undefined
      ? []
      : [{ path: 'answers.json', content: JSON.stringify(redactedAnswers(inputs.answers), null, 2) + '\n' }]),
    ...kept.map((f) => ({ path: `rendered${f.path}`, content: f.content })),
    { path: 'facts.json', content: JSON.stringify(inputs.facts, null, 2) + '\n' },
    { path: 'status.json', content: inputs.statusJson },
    ...(inputs.problems.length === 0
      ? []
      : [{ path: 'problems.txt', content: inputs.problems.map((p) => `${p}\n`).join('') }]),
    ...inputs.files,
  ];
  const readme = messages.bundleReadme(
    files.map((f) => f.path),
    rendered.filter((f) => f.secret).map((f) => f.path),
  );
  return [{ path: 'README.txt', content: readme }, ...files].map((f) => ({
    path: f.path,
    content: redact(f.content),
  }));
}
