/**
 * The Eucalyptus admin tools that report on the cloud (euca2ools 3.4 `euserv-*`), run as root on the
 * frontend with the cloud's system credentials, as the install's own checks run them
 * (ciab_system_credentials in templates/shell/prelude.bash). Read-only.
 */
import { preludeText } from '../../core/bash/tasks.js';
import { messages } from '../../core/messages.js';
import { lines, sh } from '../../core/plan/sh.js';
import type { CloudAnswer } from '../../core/status/assess.js';
import type { CloudService, NodeController } from '../../core/status/cloud-tables.js';
import { parseNodeControllers, parseServices } from '../../core/status/cloud-tables.js';
import type { TargetHost } from '../target-host.js';

const LAST_LINES = 5;

/** The tool's output on HOST: its table, or its last lines when it (or the credentials) failed. */
async function ask(
  host: Pick<TargetHost, 'runBash'>,
  tool: 'euserv-describe-services' | 'euserv-describe-node-controllers',
): Promise<CloudAnswer<string>> {
  const script = lines(
    preludeText(),
    'exec 2>&1',
    sh`ciab_system_credentials || { echo ${messages.cloudCredentialsMissing}; exit 1; }`,
    sh`${tool}`,
    '',
  );
  const result = await host.runBash(script, { during: tool });
  const output = result.output.split('\n').filter((l) => l.trim() !== '');
  return result.exitCode === 0
    ? { ok: true, items: output }
    : { ok: false, lines: output.slice(-LAST_LINES) };
}

/** The tool's output as it printed it (its table, or why it could not ask), for the support bundle. */
export async function euservText(
  host: Pick<TargetHost, 'runBash'>,
  tool: 'euserv-describe-services' | 'euserv-describe-node-controllers',
): Promise<string> {
  const answer = await ask(host, tool);
  return (answer.ok ? answer.items : answer.lines).join('\n') + '\n';
}

const parsed = <T>(answer: CloudAnswer<string>, parse: (text: string) => T[]): CloudAnswer<T> =>
  answer.ok ? { ok: true, items: parse(answer.items.join('\n')) } : answer;

/** `euserv-describe-services`: every registered service and its state. */
export async function describeServices(
  host: Pick<TargetHost, 'runBash'>,
): Promise<CloudAnswer<CloudService>> {
  return parsed(await ask(host, 'euserv-describe-services'), parseServices);
}

/** `euserv-describe-node-controllers`: every node controller the cloud knows, its state and instances. */
export async function describeNodeControllers(
  host: Pick<TargetHost, 'runBash'>,
): Promise<CloudAnswer<NodeController>> {
  return parsed(await ask(host, 'euserv-describe-node-controllers'), parseNodeControllers);
}
