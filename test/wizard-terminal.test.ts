/**
 * The wizard in a real terminal: the built binary under tmux (a pseudo-terminal with a fixed size),
 * keys typed, the screen read back (the driver: fixtures/wizard/terminal.ts). Host facts are this
 * machine's, whatever they are.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validateAnswersText } from '../src/core/answers/validate.js';
import { tempDir } from './fixtures/wizard/helpers.js';
import type { Run, Tmux } from './fixtures/wizard/terminal.js';
import {
  PANE_SIZE,
  acceptDefaults,
  exited,
  paneCommand,
  tmuxRun,
  waitFor,
} from './fixtures/wizard/terminal.js';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const socket = `ciab-wizard-test-${process.pid}`;
const tmux: Tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

let runs = 0;
/**
 * Runs `answers wizard -o FILE`, or the given command with FILE substituted, in a new tmux session;
 * `env` (NAME=value words) is set for it, e.g. where the user's configuration directory is.
 */
function start(args: (file: string) => string = (file) => `answers wizard -o ${file}`, env = ''): Run {
  const dir = tempDir();
  const name = `w${String(++runs)}`;
  const file = path.join(dir, 'a.yaml');
  const command = `env -u CI ${env} node ${root}/bin/cloud-in-a-box.js ${args(file)}`;
  tmux('new-session', '-d', '-s', name, ...PANE_SIZE, paneCommand(dir, command));
  return tmuxRun(tmux, name, dir);
}

describe('the wizard in a terminal (tmux)', () => {
  before(() => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  });
  after(() => {
    try {
      tmux('kill-server');
    } catch {
      // no server left: every session ended
    }
  });

  it('accept every proposal, type the password twice: a valid answers file (timed)', async (t) => {
    const started = Date.now();
    const run = start();
    await waitFor(run, /^\? /m);
    await acceptDefaults(run, 'correct horse');
    const code = await exited(run);
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(`accept-defaults run: ${seconds.toFixed(2)} s from start to saved file`);
    const screen = run.screen();
    assert.equal(code, 0, screen);
    assert.match(screen, /save answers and quit/);
    assert.match(screen, new RegExp(`wrote ${run.file} \\(mode 0600`));
    assert.doesNotMatch(screen, /correct horse/);
    assert.equal(statSync(run.file).mode & 0o777, 0o600);
    const result = validateAnswersText(readFileSync(run.file, 'utf8'));
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'error'),
      [],
    );
    assert.equal(result.answers?.admin.password, 'correct horse');
  });

  it('typed answers: a refused range shows the reason, a CIDR block becomes a range', async () => {
    const run = start();
    const answer = async (label: string, text: string): Promise<void> => {
      await waitFor(run, new RegExp(`^\\? ${label.replace(/[()/?]/g, '\\$&')}`, 'm'));
      run.keys('C-u');
      run.type(text);
      run.keys('Enter');
    };
    await waitFor(run, /^\? Release/m); // the first question: Enter keeps the default release
    run.keys('Enter');
    await answer('Host name (fully qualified)', 'typed.example.lan');
    await answer('Network interface', 'eth9');
    await answer('Host address/prefix', '10.20.30.40/24');
    await answer('Gateway', '10.20.30.1');
    await answer('DNS servers', '10.20.30.1, 9.9.9.9');
    await answer('Public IP range', '10.20.30.1-10.20.30.20');
    const refused = await waitFor(run, /^> .*your gateway/m);
    assert.match(
      refused,
      /^> 10\.20\.30\.1-10\.20\.30\.20 includes 10\.20\.30\.1, your gateway; leave it out/m,
    );
    run.keys('C-u');
    run.type('10.20.30.128/27');
    run.keys('Enter');
    await answer('Private IP range', '10.20.30.160-10.20.30.179');
    for (const label of ['Availability zone', 'Cloud DNS domain']) {
      await waitFor(run, new RegExp(`^\\? ${label}`, 'm'));
      run.keys('Enter');
    }
    for (const label of [
      'Install the load balancer',
      'Instance path',
      'Block storage backend',
      'SELinux mode',
    ]) {
      await waitFor(run, new RegExp(`^\\? ${label}`, 'm'));
      run.keys('Enter');
    }
    await answer('Admin password', 'typed secret');
    await answer('Admin password, again', 'typed secret');
    await answer('NTP servers', 'ntp.example.lan');
    await waitFor(run, /^\? What next\?/m);
    run.keys('Enter');
    assert.equal(await exited(run), 0, run.screen());
    const answers = validateAnswersText(readFileSync(run.file, 'utf8')).answers;
    assert.ok(answers, run.screen());
    assert.equal(answers.host.hostname, 'typed.example.lan');
    assert.equal(answers.cloud.dnsDomain, 'cloud.example.lan', 'proposed from the typed host name');
    assert.deepEqual(answers.network.dns, ['10.20.30.1', '9.9.9.9']);
    assert.deepEqual(answers.cloud.publicIps, ['10.20.30.128-10.20.30.159']);
    assert.deepEqual(answers.cloud.instanceDns, ['10.20.30.40']);
    assert.deepEqual(answers.host.ntpServers, ['ntp.example.lan']);
  });

  it('install asks, saves the answers before anything runs, then goes on (here: a dry run)', async () => {
    const run = start((file) => `install --save-answers ${file}`);
    await waitFor(run, /^\? /m);
    await acceptDefaults(run, 'install secret');
    const code = await exited(run, 60_000);
    const screen = run.screen();
    // This machine is not a CentOS 7 host: install says why and only shows what it would do.
    // Its dry run finds fatal problems here (not CentOS 7, no VT-x), so it exits 1 (issue 12 B.8).
    assert.equal(code, 1, screen);
    assert.match(screen, new RegExp(`wrote ${run.file} \\(mode 0600`));
    assert.match(screen, /replay it with: cloud-in-a-box install --answers .* --yes/);
    assert.match(screen.replaceAll('\n', ''), /nothing was changed/); // the terminal may break the line anywhere
    assert.doesNotMatch(screen, /install secret/);
    assert.equal(
      validateAnswersText(readFileSync(run.file, 'utf8')).answers?.admin.password,
      'install secret',
    );
  });

  it('a refused password is asked again in an empty field: the retyped one matches', async () => {
    const run = start();
    await waitFor(run, /^\? /m);
    await acceptDefaults(run, 'unused', /^\? Admin password \(/);
    run.type('short');
    run.keys('Enter');
    // The prompt to type into again: a new one below the refusal, or (inquirer refusing in place) the same.
    await waitFor(
      run,
      /is shorter than 8 characters[^]*^\? Admin password \(|^> is shorter than 8 characters/m,
    );
    run.type('long enough');
    run.keys('Enter');
    await waitFor(run, /^\? Admin password, again/m);
    run.type('long enough');
    run.keys('Enter');
    const next = await waitFor(run, /^\? NTP servers|the two passwords differ/m);
    assert.doesNotMatch(next, /the two passwords differ/, 'the retyped password matches the one typed');
    await acceptDefaults(run, 'unused');
    assert.equal(await exited(run), 0, run.screen());
    assert.equal(validateAnswersText(readFileSync(run.file, 'utf8')).answers?.admin.password, 'long enough');
  });

  it('install on a host it will not change: says so in one line, asks for a host to install over SSH; Enter goes on here, answers go to the config directory, never over a file', async () => {
    const config = tempDir();
    mkdirSync(path.join(config, 'cloud-in-a-box'));
    const earlier = path.join(config, 'cloud-in-a-box', 'answers.yaml');
    writeFileSync(earlier, 'an earlier answers file\n');
    const run = start(() => 'install', `XDG_CONFIG_HOME=${config}`);
    const first = await waitFor(run, /^\? /m);
    const before = first.slice(0, first.search(/^\? /m)).replace(/\n +/g, ' ');
    assert.match(
      before.split('\n')[0] ?? '',
      /^this host is not a supported target \(.*\), so nothing on it will change: name a CentOS 7 host to install over SSH, or press Enter/,
    );
    assert.match(first, /^\? Host to install, over SSH \(user@host\[:port\]; Enter: a dry run here\)/m);
    run.type('root@no such host');
    run.keys('Enter');
    await waitFor(run, /the host "no such host" is neither an IPv4 address nor a valid host name/);
    run.keys('C-u');
    run.keys('Enter');
    await acceptDefaults(run, 'install secret');
    assert.equal(await exited(run, 60_000), 1, run.screen());
    const saved = path.join(config, 'cloud-in-a-box', 'answers-2.yaml');
    assert.match(run.screen().replace(/\n +/g, ' '), new RegExp(`wrote ${saved} \\(mode 0600`));
    assert.equal(readFileSync(earlier, 'utf8'), 'an earlier answers file\n');
    assert.equal(validateAnswersText(readFileSync(saved, 'utf8')).answers?.admin.password, 'install secret');
    assert.deepEqual(readdirSync(run.dir), ['exit'], 'nothing in the current directory');
  });

  it('Ctrl-C mid-way: exit 130, one line, no answers file', async () => {
    const run = start();
    await waitFor(run, /^\? Release/m);
    run.keys('Enter');
    await waitFor(run, /^\? Host name/m);
    run.type('ciab.example.lan');
    run.keys('Enter');
    await waitFor(run, /^\? Network interface/m);
    run.keys('C-c');
    assert.equal(await exited(run), 130, run.screen());
    assert.match(run.screen(), /^error: cancelled; nothing was written$/m);
    assert.equal(existsSync(run.file), false);
    assert.deepEqual(readdirSync(run.dir), ['exit'], 'no answers file, no temporary file');
  });
});
