/**
 * What uninstall does after every task's undo: put back any file still backed up, delete what the
 * packages leave behind (docs/EUCALYPTUS-4.4.md §1.7: the cookbook's nuke recipe, plus /var/lib/eucalyptus), and
 * the installer's own state. The logs under /var/log/cloud-in-a-box stay.
 */
import { ROLE_FILE } from '../locations.js';
import { lines, sh } from './sh.js';

export function uninstallSweep(answersFile: string): string {
  return lines(
    'while IFS= read -r file; do ciab_restore "$file"; done < <(ciab_backed_up_files)',
    // The restore above also brings back package files we edited (console.ini, the console's init script):
    // once their package is gone, so are they, as rpm would have left it.
    'rpm -q eucaconsole >/dev/null 2>&1 || rm -rf /etc/eucaconsole /etc/rc.d/init.d/eucaconsole',
    'rm -rf /etc/eucalyptus /var/lib/eucalyptus /var/log/eucalyptus /var/run/eucalyptus /etc/euca2ools /root/.euca',
    'rm -rf "$CIAB_STATE"',
    sh`rm -f ${answersFile} ${ROLE_FILE}`,
  );
}
