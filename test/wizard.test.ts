import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { validateAnswersText } from '../src/core/answers/validate.js';
import { CancelledError, InputError } from '../src/core/errors.js';
import { collectAnswers } from '../src/cli/wizard/collect.js';
import type { CollectOptions } from '../src/cli/wizard/collect.js';
import { addAnswerFlags, answersFromFlags } from '../src/cli/wizard/flags.js';
import { questions } from '../src/cli/wizard/questions.js';
import type { Typed } from './fixtures/wizard/helpers.js';
import { ENTER, fakeIo, hostDefaults, scripted, tempDir } from './fixtures/wizard/helpers.js';

const fixture = (name: string): string => new URL(`fixtures/wizard/${name}`, import.meta.url).pathname;
const example = new URL('fixtures/answers/example.yaml', import.meta.url).pathname;

/** Enter on every question of the first pass, a password typed twice, then the given menu choice. */
function acceptAll(menu: Typed[] = ['install'], more: Record<string, Typed[]> = {}): Record<string, Typed[]> {
  const answers: Record<string, Typed[]> = {};
  for (const q of questions) answers[q.key] = [ENTER];
  return {
    ...answers,
    'admin.password': ['correct horse'],
    'admin.password.again': ['correct horse'],
    menu,
    ...more,
  };
}

function options(over: Partial<CollectOptions> & Pick<CollectOptions, 'prompt'>): CollectOptions {
  return { flags: {}, hostDefaults, io: fakeIo(), saveTo: path.join(tempDir(), 'a.yaml'), ...over };
}

function saved(file: string): ReturnType<typeof validateAnswersText> {
  const result = validateAnswersText(readFileSync(file, 'utf8'));
  assert.deepEqual(
    result.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return result;
}

describe('the wizard with injected answers', () => {
  it('proposes the host facts, asks in order, and saves a file that validates (0600)', async () => {
    const script = scripted(acceptAll());
    const io = fakeIo();
    const opts = options({ prompt: script.prompt, io });
    const result = await collectAnswers(opts);
    assert.deepEqual(script.asked, [
      'release',
      'host.hostname',
      'network.interface',
      'network.address',
      'network.gateway',
      'network.dns',
      'cloud.publicIps',
      'cloud.privateIps',
      'cloud.zone',
      'cloud.dnsDomain',
      'cloud.extraServices',
      'storage.instancePath',
      'storage.blockStorage',
      'host.selinux',
      'admin.password',
      'admin.password.again',
      'host.ntpServers',
      'menu',
    ]);
    const defaults = Object.fromEntries(
      script.questions.map((q) => [q.name, 'default' in q ? q.default : undefined]),
    );
    assert.equal(defaults['host.hostname'], 'ciab.example.lan');
    assert.equal(defaults['network.address'], '192.168.56.10/24');
    assert.equal(defaults['cloud.dnsDomain'], 'cloud.example.lan');
    assert.equal(defaults['host.ntpServers'], '192.168.56.1');
    assert.equal(result.action, 'install');
    assert.equal(result.savedTo, opts.saveTo);
    assert.equal(statSync(opts.saveTo).mode & 0o777, 0o600);
    const answers = saved(opts.saveTo).answers!;
    assert.deepEqual(answers, result.answers);
    assert.equal(answers.host.selinux, 'permissive', 'Enter keeps the default');
    // Two free blocks at the top of the subnet, below the neighbour .254.
    assert.deepEqual(answers.cloud.privateIps, ['192.168.56.234-192.168.56.253']);
    assert.deepEqual(answers.cloud.publicIps, ['192.168.56.214-192.168.56.233']);
    assert.equal(answers.admin.password, 'correct horse');
    assert.equal(answers.storage.dasDevice, null);
    assert.match(io.errText(), new RegExp(`wrote ${opts.saveTo} \\(mode 0600`));
    assert.doesNotMatch(io.errText(), /correct horse/, 'the summary masks the password');
  });

  it('asks which release, saying in one line how they differ, and saves the one chosen', async () => {
    const script = scripted(acceptAll(['install'], { release: ['eucalyptus-5'] }));
    const opts = options({ prompt: script.prompt });
    const result = await collectAnswers(opts);
    const release = script.questions.find((q) => q.name === 'release');
    assert.match(release?.hint ?? '', /eucalyptus-4\.4: .*CentOS 7.*; eucalyptus-5: .*CentOS 7\.9/);
    assert.equal(result.answers.release, 'eucalyptus-5');
    assert.equal(saved(opts.saveTo).answers?.release, 'eucalyptus-5');
  });

  it('shows the schema description and hint with the question', async () => {
    const script = scripted(acceptAll());
    await collectAnswers(options({ prompt: script.prompt }));
    const publicIps = script.questions.find((q) => q.name === 'cloud.publicIps');
    assert.match(publicIps?.hint ?? '', /no DHCP server hands out/);
    assert.match(publicIps?.description ?? '', /public IPs/);
    assert.equal(publicIps?.message, 'Public IP range');
  });

  it('takes the file over facts, flags over the file, typed answers over flags', async () => {
    const script = scripted(
      acceptAll(['change', 'install'], { 'menu.change': ['cloud.zone'], 'cloud.zone': ['zone-typed'] }),
    );
    const result = await collectAnswers(
      options({
        prompt: script.prompt,
        answersFile: fixture('partial.yaml'),
        flags: { cloud: { zone: 'zone-flag' }, network: { gateway: '192.168.56.2' } },
      }),
    );
    assert.ok(!script.asked.includes('host.hostname'), 'the file answered it');
    assert.ok(!script.asked.includes('network.gateway'), 'a flag answered it');
    assert.equal(script.asked.filter((n) => n === 'cloud.zone').length, 1, 'asked only when changed');
    assert.equal(result.answers.host.hostname, 'file.example.lan');
    assert.equal(result.answers.cloud.dnsDomain, 'cloud.file.lan');
    assert.equal(result.answers.network.gateway, '192.168.56.2');
    assert.equal(result.answers.network.interface, 'eth0', 'the facts fill what nobody gave');
    assert.equal(result.answers.cloud.zone, 'zone-typed');
  });

  it('refuses an invalid answer with the validator reason and asks again', async () => {
    const script = scripted(
      acceptAll(['install'], {
        'host.hostname': ['ciab', ENTER],
        'cloud.publicIps': ['192.168.56.1-192.168.56.20', '192.168.56.100-192.168.56.109, 192.168.56.120'],
        'cloud.privateIps': ['192.168.56.100/28', '192.168.56.160/28'],
      }),
    );
    const result = await collectAnswers(options({ prompt: script.prompt }));
    assert.deepEqual(script.refused, [
      {
        name: 'host.hostname',
        reason: 'ciab must be a fully qualified name with a domain, e.g. ciab.example.lan',
      },
      {
        name: 'cloud.publicIps',
        reason:
          '192.168.56.1-192.168.56.20 includes 192.168.56.10, the host address; leave it out, e.g. 192.168.56.11-192.168.56.20\n' +
          '192.168.56.1-192.168.56.20 includes 192.168.56.1, your gateway; leave it out, e.g. 192.168.56.2-192.168.56.20',
      },
      {
        name: 'cloud.privateIps',
        reason:
          '192.168.56.96-192.168.56.111 overlaps the public addresses 192.168.56.100-192.168.56.109; keep the two lists apart',
      },
    ]);
    assert.deepEqual(result.answers.cloud.publicIps, ['192.168.56.100-192.168.56.109', '192.168.56.120']);
    assert.deepEqual(result.answers.cloud.privateIps, ['192.168.56.160-192.168.56.175']);
  });

  it('re-asks what a changed answer made invalid, proposing a fresh gateway and ranges', async () => {
    const script = scripted(
      acceptAll(['change', 'install'], {
        'menu.change': ['network.address'],
        'network.address': [ENTER, '10.0.0.10/24'],
        // Enter takes the proposal: the new subnet's gateway, not the old one the validator refuses.
        'network.gateway': [ENTER, ENTER],
        'cloud.publicIps': [ENTER, ENTER],
        'cloud.privateIps': [ENTER, ENTER],
      }),
    );
    const io = fakeIo();
    const result = await collectAnswers(options({ prompt: script.prompt, io }));
    assert.deepEqual(script.asked.slice(-6), [
      'menu.change',
      'network.address',
      'network.gateway',
      'cloud.publicIps',
      'cloud.privateIps',
      'menu',
    ]);
    assert.match(io.errText(), /Gateway: 192\.168\.56\.1 is outside the host subnet 10\.0\.0\.0\/24/);
    assert.match(io.errText(), /Public IP range: .* is not inside the host subnet 10\.0\.0\.0\/24/);
    const gateway = script.questions.filter((q) => q.name === 'network.gateway').at(-1);
    assert.equal(gateway?.type === 'input' ? gateway.default : undefined, '10.0.0.1');
    assert.deepEqual(script.refused, []);
    assert.equal(result.answers.network.gateway, '10.0.0.1');
    assert.deepEqual(result.answers.cloud.privateIps, ['10.0.0.235-10.0.0.254']);
    assert.deepEqual(result.answers.cloud.publicIps, ['10.0.0.215-10.0.0.234']);
    assert.deepEqual(result.answers.cloud.instanceDns, ['10.0.0.10'], 'derived from the new address');
  });

  it('asks for the password twice and again on a mismatch; empty means generate', async () => {
    const script = scripted(
      acceptAll(['install'], {
        'admin.password': ['short', 'first-secret', 'second-secret'],
        'admin.password.again': ['first-typo', 'second-secret'],
      }),
    );
    const io = fakeIo();
    const result = await collectAnswers(options({ prompt: script.prompt, io }));
    // Refused after the masked prompt closed, and asked again in a new, empty prompt (see the tmux test).
    assert.match(
      io.errText(),
      /^Admin password \(empty: generate one\): is shorter than 8 characters; use at least 8$/m,
    );
    assert.deepEqual(
      script.asked.filter((n) => n.startsWith('admin.password')),
      ['admin.password', 'admin.password', 'admin.password.again', 'admin.password', 'admin.password.again'],
    );
    assert.match(io.errText(), /the two passwords differ/);
    assert.equal(result.answers.admin.password, 'second-secret');
    assert.doesNotMatch(io.errText(), /first-secret|second-secret/);

    const generated = scripted(acceptAll(['install'], { 'admin.password': [ENTER] }));
    const none = await collectAnswers(options({ prompt: generated.prompt }));
    assert.equal(none.answers.admin.password, null);
    assert.ok(!generated.asked.includes('admin.password.again'));
  });

  it('accepts an answer the validator only warns about, and shows the warning', async () => {
    const script = scripted(acceptAll(['install'], { 'cloud.publicIps': ['192.168.56.100-192.168.56.104'] }));
    const io = fakeIo();
    const result = await collectAnswers(options({ prompt: script.prompt, io }));
    assert.deepEqual(script.refused, []);
    assert.match(io.errText(), /note: Public IP range: holds only 5 addresses; at least 10 are recommended/);
    assert.deepEqual(result.answers.cloud.publicIps, ['192.168.56.100-192.168.56.104']);
  });

  it('asks for the device when block storage is das', async () => {
    const script = scripted(
      acceptAll(['install'], { 'storage.blockStorage': ['das'], 'storage.dasDevice': [ENTER, '/dev/sdb'] }),
    );
    const result = await collectAnswers(options({ prompt: script.prompt }));
    assert.match(script.refused[0]?.reason ?? '', /is required when storage.blockStorage is das/);
    assert.equal(result.answers.storage.dasDevice, '/dev/sdb');
  });

  it('re-asks an answer the file gives but the validator refuses', async () => {
    const script = scripted(acceptAll(['install'], { 'network.gateway': [ENTER] }));
    const io = fakeIo();
    const result = await collectAnswers(
      options({ prompt: script.prompt, io, answersFile: fixture('bad-gateway.yaml') }),
    );
    assert.match(io.errText(), /Gateway: 10\.9\.9\.9 is outside the host subnet 192\.168\.56\.0\/24/);
    assert.equal(result.answers.network.gateway, '192.168.56.1', 'Enter takes the host proposal');
  });

  it('refuses a file problem no question can fix before asking anything', async () => {
    const script = scripted({});
    await assert.rejects(
      collectAnswers(options({ prompt: script.prompt, answersFile: fixture('unknown-key.yaml') })),
      (error: unknown) =>
        error instanceof InputError && error.details.some((d) => /did you mean "gateway"/.test(d)),
    );
    assert.deepEqual(script.asked, []);
  });

  it('with "save answers and quit" saves and returns quit; without install offered there is no install', async () => {
    const script = scripted(acceptAll(['quit']));
    const opts = options({ prompt: script.prompt, offerInstall: false });
    const result = await collectAnswers(opts);
    assert.equal(result.action, 'quit');
    saved(opts.saveTo);
    const menu = script.questions.find((q) => q.name === 'menu');
    assert.deepEqual(menu?.type === 'select' ? menu.choices.map((c) => c.value) : [], ['change', 'quit']);
  });

  it('asks nothing for a complete answers file', async () => {
    const script = scripted({});
    const opts = options({ prompt: script.prompt, answersFile: example, io: fakeIo(false) });
    const result = await collectAnswers(opts);
    assert.deepEqual(script.asked, []);
    assert.equal(result.action, 'install');
    assert.deepEqual(saved(opts.saveTo).answers, validateAnswersText(readFileSync(example, 'utf8')).answers);
  });

  it('without a terminal: what the host proposes fills the gaps, named, and nothing is asked', async () => {
    const script = scripted({});
    const io = fakeIo(false);
    const opts = options({ prompt: script.prompt, io, answersFile: fixture('partial.yaml') });
    const result = await collectAnswers(opts);
    assert.deepEqual(script.asked, []);
    assert.equal(result.answers.network.interface, 'eth0');
    assert.equal(result.answers.network.address, '192.168.56.10/24');
    assert.equal(result.answers.host.hostname, 'file.example.lan', 'the file wins over the host');
    assert.match(
      io.errText(),
      /^no terminal to ask on: taking network\.interface, network\.address, network\.gateway, network\.dns, cloud\.publicIps, cloud\.privateIps, host\.ntpServers from this host$/m,
    );
    assert.equal(result.reviewed, false);
    saved(opts.saveTo);
  });

  it('without a terminal and with answers the host cannot propose: no prompt, an InputError naming every missing answer', async () => {
    const script = scripted({});
    const opts = options({
      prompt: script.prompt,
      io: fakeIo(false),
      answersFile: fixture('partial.yaml'),
      hostDefaults: {},
    });
    await assert.rejects(collectAnswers(opts), (error: unknown) => {
      assert.ok(error instanceof InputError);
      const missing = error.details.map((d) => /: error: ([\w.]+): is missing/.exec(d)?.[1]);
      assert.deepEqual(missing, [
        'network.interface',
        'network.address',
        'network.gateway',
        'network.dns',
        'cloud.publicIps',
        'cloud.privateIps',
      ]);
      return true;
    });
    assert.deepEqual(script.asked, []);
    assert.equal(existsSync(opts.saveTo), false);
  });

  it('Ctrl-C in a prompt is a CancelledError and leaves no file', async () => {
    const script = scripted(acceptAll());
    const prompt: typeof script.prompt = async (q) => {
      if (q.name === 'cloud.zone') throw new CancelledError('cancelled');
      return script.prompt(q);
    };
    const opts = options({ prompt });
    await assert.rejects(collectAnswers(opts), CancelledError);
    assert.equal(existsSync(opts.saveTo), false);
  });

  it('does not overwrite an existing file unless told to', async () => {
    const opts = options({ prompt: scripted(acceptAll()).prompt, overwrite: false });
    writeFileSync(opts.saveTo, 'keep me\n');
    await assert.rejects(collectAnswers(opts), InputError);
    assert.equal(readFileSync(opts.saveTo, 'utf8'), 'keep me\n');
  });
});

describe('answers flags', () => {
  const parse = (argv: string[]): Record<string, unknown> => {
    const command = addAnswerFlags(
      new Command('x').exitOverride().configureOutput({ writeErr: () => undefined }),
    );
    command.parse(argv, { from: 'user' });
    return command.opts();
  };

  it('are generated from the schema paths and give a partial answers tree', () => {
    const tree = answersFromFlags(
      parse([
        '--hostname',
        'h.example.lan',
        '--public-ips',
        '192.168.56.128/27',
        '--dns',
        '1.1.1.1,9.9.9.9',
        '--no-extra-services',
        '--block-storage',
        'das',
      ]),
    );
    assert.deepEqual(tree, {
      host: { hostname: 'h.example.lan' },
      cloud: { publicIps: ['192.168.56.128-192.168.56.159'], extraServices: false },
      network: { dns: ['1.1.1.1', '9.9.9.9'] },
      storage: { blockStorage: 'das' },
    });
    assert.deepEqual(answersFromFlags(parse([])), {});
  });

  it('refuse a value outside the schema enum', () => {
    assert.throws(() => parse(['--block-storage', 'nfs']), /Allowed choices are overlay, das/);
  });
});
