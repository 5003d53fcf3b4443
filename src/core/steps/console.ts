/** The management console (docs/EUCALYPTUS-4.4.md §1.5 step 21). */
import type { Answers } from '../answers/schema.js';
import { lines, sh } from '../plan/sh.js';
import { renderValues } from '../render/derive.js';
import { service } from './services.js';
import type { Step } from './step.js';
import { cloudSide, step } from './step.js';

/** The answers ask for the console. */
const wanted = (answers: Answers): boolean => answers.cloud.console;
const options = { roles: cloudSide, when: wanted };

/** "ufshost" must be the UFS address, not localhost, or S3 downloads break (D44 console_config_server_address). */
export function consoleConfig<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'console', options, ({ release, ip }) => {
    const ini = release.paths.consoleIni;
    return {
      title: `point the console at the user-facing services on ${ip}`,
      check: sh`grep -Eq ${`^ufshost *= *${ip.replaceAll('.', '\\.')}$`} ${ini}`,
      apply: lines(sh`ciab_backup ${ini}`, sh`sed -i ${`s/^ufshost *=.*/ufshost = ${ip}/`} ${ini}`),
      undo: sh`ciab_restore ${ini}`,
    };
  });
}

/**
 * On 4.4.4+ CentOS's python-webob (WebOb 1.2.3) shadows EPEL's python-webob1.4 (the WebOb-1.4.1 egg) and the
 * console dies with "VersionConflict: WebOb 1.2.3 ... Requirement WebOb>=1.3.1" (Corymbia/eucalyptus#124).
 * AppScale/ats-deploy roles/console/tasks/main.yml removes it ("remove conflicting webob package":
 * `rpm -e --nodeps python-webob`); here only when both are installed.
 */
export function consoleWebob<const Id extends string>(id: Id): Step<Id> {
  const webob = { old: 'python-webob', new: 'python-webob1.4' };
  return step(id, 'console', options, () => ({
    title: `remove ${webob.old}, which hides the newer WebOb of ${webob.new} from the console`,
    check: sh`! { rpm -q ${webob.old} >/dev/null 2>&1 && rpm -q ${webob.new} >/dev/null 2>&1; }`,
    apply: lines(sh`ciab_remember python-webob-removed yes`, sh`rpm -e --nodeps ${webob.old}`),
    // Put it back only if the host had it before the install (packages.install removes what it added).
    undo: lines(
      'if ciab_is_remembered python-webob-removed; then',
      '  case " $(ciab_remembered added-packages) " in',
      sh`    *${` ${webob.old} `}*) ;;`,
      sh`    *) yum -y install ${webob.old} ;;`,
      '  esac',
      'fi',
    ),
  }));
}

/**
 * The init script starts nginx without --pidfile, and the console is gone after the first reboot
 * (eucaconsole-rpmspec maint-4.4 eucaconsole.init; Corymbia/eucalyptus#175). The fix is AppScale/ats-deploy's
 * (roles/console/tasks/main.yml, "eucaconsole init script nginx daemon configuration", which the maintainers
 * point to in #175): `daemon /usr/sbin/nginx ...` becomes `daemon --pidfile ${NGINXPIDFILE} /usr/sbin/nginx ...`.
 */
export function consoleInitScript<const Id extends string>(id: Id): Step<Id> {
  const unfixedNginx = '^([[:space:]]+)daemon /usr/sbin/nginx';
  return step(id, 'console', options, ({ release }) => {
    const init = release.paths.consoleInit;
    return {
      title: `give the console's nginx its pid file in ${init}, so that it starts after a reboot`,
      check: sh`[ -f ${init} ] && ! grep -Eq ${unfixedNginx} ${init}`,
      apply: lines(
        sh`ciab_backup ${init}`,
        // ${NGINXPIDFILE} is the init script's own variable: it must reach the file unexpanded.
        '# shellcheck disable=SC2016',
        sh`sed -i -E ${`s|${unfixedNginx}|\\1daemon --pidfile \${NGINXPIDFILE} /usr/sbin/nginx|`} ${init}`,
      ),
      undo: sh`ciab_restore ${init}`,
    };
  });
}

/** Why the console did not come up is in its start-up log (the init script's LOGFILE), not in the journal. */
export function consoleService<const Id extends string>(id: Id, rerunAfter: readonly Step[]): Step<Id> {
  return service(id, 'console', {
    ...options,
    rerunAfter,
    title: ({ model, release }) =>
      `start the console and wait for it at ${renderValues(model, release).urls.console} (nginx on :${release.ports.consoleHttps}, the console on :${release.ports.console})`,
    units: ({ release }) => [release.units.console],
    ports: ({ release }) => [release.ports.console, release.ports.consoleHttps],
    startupLog: ({ release }) => release.paths.consoleStartupLog,
    failureHint: ({ release }) =>
      `the console did not come up: see ${release.paths.consoleStartupLog} and journalctl -u ${release.units.console}`,
  });
}
