import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTargetAddress, parseTargetAddress } from '../../src/core/target-address.js';

describe('--target addresses', () => {
  it('reads [user@]host[:port] and ssh://user@host:port', () => {
    assert.deepEqual(parseTargetAddress('root@192.0.2.10'), {
      user: 'root',
      host: '192.0.2.10',
      port: undefined,
    });
    assert.deepEqual(parseTargetAddress('centos7-host'), {
      user: undefined,
      host: 'centos7-host',
      port: undefined,
    });
    assert.deepEqual(parseTargetAddress('deployer@ciab.example.lan:2222'), {
      user: 'deployer',
      host: 'ciab.example.lan',
      port: 2222,
    });
    assert.deepEqual(parseTargetAddress('ssh://root@192.0.2.10:22/'), {
      user: 'root',
      host: '192.0.2.10',
      port: 22,
    });
    assert.deepEqual(parseTargetAddress('root@[2001:db8::5]:2200'), {
      user: 'root',
      host: '2001:db8::5',
      port: 2200,
    });
  });

  it('refuses what ssh would take for an option or a second argument, naming the part that is wrong', () => {
    for (const [text, wrong] of [
      ['-oProxyCommand=sh', 'the host "-oProxyCommand=sh"'],
      ['root@-p2', 'the host "-p2"'],
      ['-l@host', 'the user "-l"'],
      ['root@host name', 'the host "host name"'],
      ['root@host:0', 'the port 0'],
      ['root@host:65536', 'the port 65536'],
      ['root@[not:v6', 'give the host'],
      ['root@[::g]', '[::g] is not an IPv6 address'],
      ['root@', 'give the host'],
      ['us er@host', 'the user "us er"'],
    ] as const) {
      const parsed = parseTargetAddress(text);
      assert.ok(typeof parsed === 'string', text);
      assert.ok(parsed.startsWith(wrong), `${text}: ${parsed}`);
    }
  });

  it('names the target as it was meant', () => {
    for (const text of [
      'root@192.0.2.10',
      'host',
      'deployer@ciab.example.lan:2222',
      'root@[2001:db8::5]:2200',
    ]) {
      const parsed = parseTargetAddress(text);
      assert.ok(typeof parsed !== 'string');
      assert.equal(formatTargetAddress(parsed), text);
    }
  });
});
