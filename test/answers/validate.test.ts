import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { dotted } from '../../src/core/answers/problems.js';
import { validateAnswers, validateAnswersText } from '../../src/core/answers/validate.js';

const exampleText = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8');
const example = (): Record<string, Record<string, unknown>> =>
  yaml.load(exampleText) as Record<string, Record<string, unknown>>;

/** Sets one value in a copy of the example and returns its problems as "path: message" lines. */
function problemsWith(
  path: string,
  value: unknown,
): { path: string; message: string; value?: unknown; severity: string }[] {
  const answers = example();
  const keys = path.split('.');
  let target: Record<string, unknown> = answers;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys.at(-1) ?? '';
  if (value === undefined) delete target[last];
  else target[last] = value;
  return validateAnswers(answers).problems.map((p) => ({ ...p, path: dotted(p.path) }));
}

function assertRejects(path: string, value: unknown, expected: { at?: string; message: RegExp }): void {
  const problems = problemsWith(path, value).filter((p) => p.severity === 'error');
  const at = expected.at ?? path;
  const match = problems.find((p) => p.path === at && expected.message.test(p.message));
  assert.ok(
    match,
    `expected an error at ${at} matching ${String(expected.message)}; got ${JSON.stringify(problems)}`,
  );
}

describe('answers validation', () => {
  it('accepts the example from the foundation issue', () => {
    const result = validateAnswersText(exampleText);
    assert.deepEqual(result.problems, []);
    assert.equal(result.answers?.network.address, '192.168.56.10/24');
    assert.deepEqual(result.answers.cloud.instanceDns, ['192.168.56.10']);
  });

  it('fills defaults and derives instanceDns from the host address', () => {
    const answers = example();
    delete answers.cloud?.instanceDns;
    delete answers.storage;
    const result = validateAnswers(answers);
    assert.deepEqual(result.answers?.cloud.instanceDns, ['192.168.56.10']);
    assert.equal(result.answers.storage.blockStorage, 'overlay');
    assert.equal(result.answers.storage.instancePath, '/var/lib/eucalyptus/instances');
    assert.equal(result.answers.host.selinux, 'permissive', 'a file written before host.selinux existed');
  });

  const cases: [string, unknown, { at?: string; message: RegExp }][] = [
    ['host.hostnam', 'x.example.lan', { message: /did you mean "hostname"/ }],
    ['cloud.pubicIps', [], { message: /did you mean "publicIps"/ }],
    ['host.ntpServers', 'pool.ntp.org', { message: /must be a list/ }],
    ['cloud.extraServices', 'yes', { message: /must be true or false/ }],
    ['network.gateway', undefined, { message: /is missing; add it, e.g. gateway: 192.168.56.1/ }],
    ['version', 2, { message: /must be 1/ }],
    ['release', 'eucalyptus-9', { message: /must be one of: "eucalyptus-4.4"/ }],
    [
      'network.address',
      '192.168.56.10',
      { message: /^has no prefix length; add it, e.g. 192\.168\.56\.10\/24$/ },
    ],
    [
      'network.address',
      '192.168.56.300/24',
      { message: /^has 300 as the fourth number of its address; each is 0 to 255$/ },
    ],
    ['network.address', '192.168.56.310/24', { message: /^has 310 as the fourth number/ }],
    [
      'network.address',
      '192.168.56.10/33',
      { message: /^has the prefix \/33; an IPv4 prefix is at most \/32/ },
    ],
    ['network.address', '192.168.56.10/ab', { message: /^has "ab" as its prefix length/ }],
    [
      'network.address',
      '192.168.56/24',
      { message: /^has "192\.168\.56" as its address; an IPv4 address is four numbers/ },
    ],
    [
      'network.address',
      '192.168.056.10/24',
      { message: /^has 056 in its address; write the number without leading zeros/ },
    ],
    ['network.address', '192.168.56.10/31', { message: /prefix longer than \/30/ }],
    ['network.gateway', '10.0.0.1', { message: /outside the host subnet 192.168.56.0\/24/ }],
    ['network.gateway', '192.168.56.10', { message: /the host address itself/ }],
    ['network.gateway', '192.168.56.0', { message: /network address/ }],
    ['network.gateway', '192.168.56.255', { message: /broadcast address/ }],
    [
      'cloud.publicIps',
      ['192.168.56.300'],
      { at: 'cloud.publicIps[0]', message: /neither an IPv4 address nor a range/ },
    ],
    [
      'cloud.publicIps',
      ['192.168.56.119-192.168.56.100'],
      { at: 'cloud.publicIps[0]', message: /runs backwards/ },
    ],
    [
      'cloud.publicIps',
      ['10.1.1.1-10.1.1.20'],
      { at: 'cloud.publicIps[0]', message: /not inside the host subnet/ },
    ],
    [
      'cloud.publicIps',
      ['192.168.56.5-192.168.56.15'],
      { at: 'cloud.publicIps[0]', message: /includes 192.168.56.10, the host address/ },
    ],
    [
      'cloud.publicIps',
      ['192.168.56.1-192.168.56.5'],
      { at: 'cloud.publicIps[0]', message: /includes 192.168.56.1, your gateway/ },
    ],
    [
      'cloud.publicIps',
      ['192.168.56.0-192.168.56.5'],
      { at: 'cloud.publicIps[0]', message: /network address/ },
    ],
    [
      'cloud.publicIps',
      ['192.168.56.250-192.168.56.255'],
      { at: 'cloud.publicIps[0]', message: /broadcast address/ },
    ],
    [
      'cloud.publicIps',
      ['192.168.56.130-192.168.56.150'],
      { at: 'cloud.privateIps[0]', message: /overlaps the public addresses/ },
    ],
    [
      'cloud.publicIps',
      ['192.168.56.100-192.168.56.110', '192.168.56.105'],
      { at: 'cloud.publicIps[1]', message: /overlaps entry 1/ },
    ],
    ['cloud.publicIps', [], { message: /at least 1 entry/ }],
    ['host.hostname', 'ciab', { message: /fully qualified/ }],
    ['host.hostname', 'bad_name.example.lan', { message: /not a valid host name/ }],
    ['host.hostname', `${'a'.repeat(64)}.example.lan`, { message: /label of 64 characters/ }],
    ['host.hostname', `${'abcdefghi.'.repeat(26)}lan`, { message: /at most 253/ }],
    ['cloud.dnsDomain', '-cloud.example.lan', { message: /not a valid host name/ }],
    ['network.interface', 'averyveryverylongname', { message: /1 to 15 characters/ }],
    ['network.interface', 'eth 0', { message: /only letters, digits/ }],
    ['network.bridge', 'eth0', { message: /same as network.interface/ }],
    ['cloud.zone', 'zone one', { message: /not a simple name/ }],
    ['network.dns', ['dns.example.lan'], { at: 'network.dns[0]', message: /not an IPv4 address/ }],
    [
      'host.ntpServers',
      ['ntp..example'],
      { at: 'host.ntpServers[0]', message: /neither an IPv4 address nor a valid host name/ },
    ],
    ['host.ntpServers', ['300.1.1.1'], { at: 'host.ntpServers[0]', message: /not a valid IPv4 address/ }],
    ['storage.instancePath', 'var/lib/x', { message: /absolute path/ }],
    ['storage.instancePath', '/var/../etc', { message: /must not contain "\.\."/ }],
    ['storage.instancePath', '/var/lib/my instances', { message: /white space/ }],
    ['storage.instancePath', '/var/lib/$(reboot)', { message: /only letters, digits/ }],
    [
      'storage.blockStorage',
      'das',
      { at: 'storage.dasDevice', message: /required when storage.blockStorage is das/ },
    ],
    [
      'repositories',
      { eucalyptus: 'ftp://mirror/x' },
      { at: 'repositories.eucalyptus', message: /http, https or file/ },
    ],
    ['repositories', { eucalyptus: 'not a url' }, { at: 'repositories.eucalyptus', message: /not a URL/ }],
    [
      'repositories',
      { eucalyptu: 'http://mirror/x' },
      { at: 'repositories.eucalyptu', message: /did you mean "eucalyptus"/ },
    ],
    ['admin.password', 'short', { message: /shorter than 8/ }],
    ['host.timezone', 'Mars/Olympus', { message: /not a known time zone/ }],
    ['host.selinux', 'disabled', { message: /permissive.*enforcing/ }],
  ];
  for (const [path, value, expected] of cases) {
    it(`rejects ${path} = ${JSON.stringify(value)}`, () => {
      assertRejects(path, value, expected);
    });
  }

  it('warns, without failing, when a range holds fewer than 10 addresses', () => {
    const problems = problemsWith('cloud.publicIps', ['192.168.56.100-192.168.56.104']);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path]),
      [['warning', 'cloud.publicIps']],
    );
  });

  it('never shows a secret value in a problem', () => {
    const problems = problemsWith('admin.password', 'hunter2');
    assert.equal(problems.length, 1);
    assert.equal('value' in (problems[0] ?? {}), false);
  });

  it('reports five different errors in one run, each with its line and column', () => {
    const text = exampleText
      .replace('hostname: ciab.example.lan', 'hostname: ciab')
      .replace('gateway: 192.168.56.1', 'gateway: 10.9.9.9')
      .replace('  zone: zone-1', '  zone: zone 1\n  colour: blue')
      .replace('blockStorage: overlay', 'blockStorage: ceph');
    const { answers, problems } = validateAnswersText(text);
    assert.equal(answers, undefined);
    assert.deepEqual(
      problems.map((p) => [dotted(p.path), p.position?.line, p.position?.column]),
      [
        ['host.hostname', 4, 13],
        ['network.gateway', 11, 12],
        ['cloud.zone', 14, 9],
        ['cloud.colour', 15, 3],
        ['storage.blockStorage', 23, 17],
      ],
    );
  });

  it('points at an under-indented first key, not at the line after it, and says what is wrong', () => {
    // js-yaml takes the block's indentation from its first key and refuses the second (line 3).
    const text = 'version: 1\nhost:\n hostname: ciab.example.lan\n  timezone: UTC\nnetwork:\n  bridge: br0\n';
    const { problems } = validateAnswersText(text);
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0]?.position, { line: 3, column: 2 });
    assert.equal(
      problems[0].message,
      'is not valid YAML: this line is indented by 1 space, the next one by 2 spaces; keys of one section line up',
    );
    // An under-indented key after its siblings is where js-yaml says: that position stays.
    const later = validateAnswersText('version: 1\nhost:\n  hostname: ciab.example.lan\n timezone: UTC\n');
    assert.deepEqual(later.problems[0]?.position, { line: 4, column: 2 });
    assert.match(later.problems[0].message, /^is not valid YAML: bad indentation/);
  });

  it('reports a YAML syntax error with its position', () => {
    const { problems } = validateAnswersText('version: 1\nhost: [unclosed\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /not valid YAML/);
    assert.equal(problems[0]?.position?.line, 3);
  });
});
