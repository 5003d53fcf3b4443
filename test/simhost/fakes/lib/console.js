// The Eucalyptus 4.4 management console of the simulated host, with the two ways real ones failed:
// - its init script starts nginx without --pidfile, and after a reboot the console does not come back
//   (Corymbia/eucalyptus#175: the journal shows "Starting eucaconsole nginx:" with no [  OK  ]); fixed by
//   `daemon --pidfile ${NGINXPIDFILE} /usr/sbin/nginx ...` (AppScale/ats-deploy roles/console/tasks/main.yml);
// - with CentOS's python-webob (WebOb 1.2.3) installed beside EPEL's python-webob1.4, pserve dies at start with
//   "VersionConflict: ... WebOb 1.2.3 ... Requirement.parse('WebOb>=1.3.1')" in /var/log/eucaconsole_startup.log
//   (Corymbia/eucalyptus#124), while the init script's nginx still comes up.
// Ports: the unit's first port is pserve's (8888 on 127.0.0.1), the others nginx's (443) (eucalyptus/eucaconsole
// maint-4.4 conf/console.default.ini, conf/nginx.conf).
import fs from 'node:fs';
import { fileExists, hostPath, readHostFile, writeHostFile } from './common.js';
import { installedDb } from './packages.js';

export const CONSOLE_UNIT = 'eucaconsole.service';
export const CONSOLE_INIT = '/etc/rc.d/init.d/eucaconsole';
export const CONSOLE_STARTUP_LOG = '/var/log/eucaconsole_startup.log';

// The start() of eucaconsole-rpmspec maint-4.4 eucaconsole.init, abridged to the lines the model reads: the
// nginx pid file comes from nginx.conf, and nginx is started by the functions library's `daemon`.
export const STOCK_CONSOLE_INIT = `#!/bin/sh
# eucaconsole (abridged): Eucalyptus Console Server
. /etc/rc.d/init.d/functions
LOGFILE=${CONSOLE_STARTUP_LOG}
PIDFILE=/var/run/eucaconsole/eucaconsole.pid
NGINXPIDFILE=$(grep nginx.pid /etc/eucaconsole/nginx.conf | awk {'print $2'} | sed s'/\\;//')

start() {
    if [ "x$NGINX_FLAGS" != xNO ]; then
        echo -n "Starting eucaconsole nginx: "
        daemon /usr/sbin/nginx -c /etc/eucaconsole/nginx.conf $NGINX_FLAGS
        echo
    fi
    daemon --user=eucaconsole --pidfile=$PIDFILE eucaconsole -d -p $PIDFILE -l $LOGFILE
}
`;

/** The init script starts nginx with its pid file (every `daemon /usr/sbin/nginx` line carries --pidfile). */
function nginxHasPidfile() {
  if (!fileExists(CONSOLE_INIT)) return false;
  const daemons = readHostFile(CONSOLE_INIT)
    .split('\n')
    .filter((line) => /^\s+daemon\b.*\/usr\/sbin\/nginx/.test(line));
  return (
    daemons.length > 0 && daemons.every((line) => /^\s+daemon --pidfile[ =]\S+ \/usr\/sbin\/nginx/.test(line))
  );
}

/** pkg_resources finds CentOS's WebOb 1.2.3 first; without python-webob1.4 there is no newer one at all. */
function webobConflict() {
  const db = installedDb();
  return db['python-webob'] !== undefined || db['python-webob1.4'] === undefined;
}

/**
 * What a start of the console opens: `ports` of the unit minus what failed. At boot, an init script without
 * the nginx pid file never finishes its start (`failed`).
 */
export function consoleStart(ports, { boot }) {
  if (boot && !nginxHasPidfile()) return { failed: true, ports: [] };
  if (!webobConflict()) return { failed: false, ports };
  const trace = [
    'Traceback (most recent call last):',
    '  File "/bin/eucaconsole", line 73, in start_console',
    "    load_entry_point('pyramid', 'console_scripts', 'pserve')(args)",
    '  File "/usr/lib/python2.7/site-packages/pkg_resources.py", line 630, in resolve',
    '    raise VersionConflict(dist,req) # XXX put more info here',
    "pkg_resources.VersionConflict: (WebOb 1.2.3 (/usr/lib/python2.7/site-packages), Requirement.parse('WebOb>=1.3.1'))",
    '',
  ].join('\n');
  const previous = fileExists(CONSOLE_STARTUP_LOG) ? readHostFile(CONSOLE_STARTUP_LOG) : '';
  writeHostFile(CONSOLE_STARTUP_LOG, previous + trace);
  return { failed: false, ports: ports.slice(1) };
}

/** What the eucaconsole RPM lays down besides console.ini: the init script and the empty start-up log. */
export function layDownConsole() {
  if (!fileExists(CONSOLE_INIT)) writeHostFile(CONSOLE_INIT, STOCK_CONSOLE_INIT, 0o755);
  if (!fileExists(CONSOLE_STARTUP_LOG)) writeHostFile(CONSOLE_STARTUP_LOG, '');
}

export function takeAwayConsole() {
  // Not %config in the spec: rpm removes the init script even when changed.
  fs.rmSync(hostPath(CONSOLE_INIT), { force: true });
}
