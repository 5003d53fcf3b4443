/**
 * What the support bundle takes from the host in one script (src/host/support.ts runs it): our logs and
 * journal, the tails of Eucalyptus's logs, a few commands' output, each as one base64 section; and, in a
 * section of its own that never goes into the bundle, the secrets the host made (the admin's password and
 * access keys, the cloud's system keys), so that they can be taken out of everything else.
 */
import { LOG_DIR, STATE_DIR, locations } from '../locations.js';
import { lines, raw, sh } from '../plan/sh.js';
import { SYSTEM_CREDENTIALS } from '../steps/step.js';

const FILE_MARK = '@@ciab-file ';
const SECRETS_MARK = '@@ciab-secrets';
/** how much of each Eucalyptus log: the end, where a failure is */
export const EUCALYPTUS_LOG_TAIL_LINES = 500;
const EUCALYPTUS_LOG_DIR = '/var/log/eucalyptus';

export interface CollectedFile {
  /** its path in the bundle */
  path: string;
  content: string;
}

export interface Collected {
  files: CollectedFile[];
  /** the host's own secrets, one per entry */
  secrets: string[];
}

/** The script, to run with the task library loaded (for ciab_system_credentials). */
export function collectScript(): string {
  return lines(
    // NAME COMMAND...: the command's output and errors as a section NAME
    'ciab_section() { local name=$1; shift; echo "@@ciab-file $name"; { "$@"; } 2>&1 | base64 -w0; echo; }',
    sh`for f in ${LOG_DIR}/*.log; do [ -f "$f" ] && ciab_section "logs/\${f##*/}" cat "$f"; done`,
    sh`for f in ${`${STATE_DIR}/journal`}/*; do [ -f "$f" ] && ciab_section "journal/\${f##*/}" cat "$f"; done`,
    sh`for f in ${EUCALYPTUS_LOG_DIR}/*.log; do [ -f "$f" ] && ciab_section "eucalyptus-logs/\${f##*/}" tail -n ${EUCALYPTUS_LOG_TAIL_LINES} "$f"; done`,
    'ciab_section commands/systemctl-failed.txt systemctl --failed --no-pager',
    'ciab_section commands/ip-addr.txt ip addr',
    'ciab_section commands/ip-route.txt ip route',
    sh`echo ${SECRETS_MARK}`,
    '{',
    sh`  cat ${locations.adminPasswordFile}`,
    sh`  sed -n 's/^\\(key-id\\|secret-key\\) *= *//p' ${locations.credentialsIni}`,
    sh`  ${raw(SYSTEM_CREDENTIALS)} && printf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"`,
    '} 2>/dev/null | base64 -w0',
    'echo',
    'true',
    '',
  );
}

export function parseCollected(output: string): Collected {
  const files: CollectedFile[] = [];
  let secrets: string[] = [];
  const text = output.split('\n');
  for (let i = 0; i < text.length; i++) {
    const line = text[i] ?? '';
    const next = Buffer.from(text[i + 1] ?? '', 'base64').toString('utf8');
    if (line.startsWith(FILE_MARK)) files.push({ path: line.slice(FILE_MARK.length), content: next });
    else if (line === SECRETS_MARK)
      secrets = next
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
    else continue;
    i++;
  }
  return { files, secrets };
}
