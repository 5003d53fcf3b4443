import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { dotted } from '../../src/core/answers/problems.js';
import { proposeAnswers } from '../../src/core/answers/propose.js';
import { answersTemplate } from '../../src/core/answers/template.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';

const errorsOf = (text: string): string[] =>
  validateAnswersText(text)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => dotted(p.path));

describe('the commented answers template (answers init)', () => {
  it('validates as written when the host knows everything', () => {
    const text = answersTemplate(
      proposeAnswers({
        interface: 'eth0',
        address: '192.168.56.10/24',
        gateway: '192.168.56.1',
        dns: ['192.168.56.1'],
        fqdn: 'ciab.example.lan',
      }),
      'answers.schema.json',
    );
    assert.deepEqual(errorsOf(text), []);
    assert.match(text, /^# yaml-language-server: \$schema=answers.schema.json$/m);
    assert.deepEqual(
      (yaml.load(text) as Record<string, unknown>).repositories,
      {},
      'an all-optional section reads as empty, not null',
    );
    assert.match(text, /^ {2}# base: http:\/\//m, 'optional overrides stay commented with their example');
  });

  it('names exactly the fields the user must fill in when the host cannot tell', () => {
    const text = answersTemplate(
      proposeAnswers({ address: '192.168.56.10/24', gateway: '192.168.56.1' }),
      's',
    );
    assert.deepEqual(errorsOf(text), [
      'host.hostname',
      'network.interface',
      'network.dns',
      'cloud.dnsDomain',
    ]);
    assert.match(text, /hostname: null/);
    assert.match(text, /REQUIRED\.\n {2}hostname: null/);
  });

  it('precedes every key with its description', () => {
    const text = answersTemplate(proposeAnswers({}), 's');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^ {0,2}[a-zA-Z]+:/.test(line))
        assert.match(lines[i - 1] ?? '', /^ *#/, `no description above: ${line}`);
    });
  });

  it('every commented example becomes valid by removing its "# " alone', () => {
    const hostKnowsAll = {
      interface: 'eth0',
      address: '192.168.56.10/24',
      gateway: '192.168.56.1',
      dns: ['192.168.56.1'],
      fqdn: 'ciab.example.lan',
    };
    for (const facts of [hostKnowsAll, {}]) {
      const text = answersTemplate(proposeAnswers(facts), 's');
      const asWritten = errorsOf(text);
      const lines = text.split('\n');
      const examples = lines.flatMap((line, i) => (/^ *# [A-Za-z][\w.]*:( |$)/.test(line) ? [i] : []));
      assert.ok(examples.length >= 6, 'the repository overrides at least');
      for (const i of examples) {
        const line = lines[i] ?? '';
        const edited = lines.map((l, j) => (j === i ? l.replace('# ', '') : l)).join('\n');
        let parsed: unknown;
        assert.doesNotThrow(() => (parsed = yaml.load(edited)), `YAML after uncommenting "${line}"`);
        assert.deepEqual(errorsOf(edited), asWritten, `the answers after uncommenting "${line}"`);
        const section = lines
          .slice(0, i)
          .reverse()
          .map((l) => /^([a-zA-Z]+):/.exec(l)?.[1])
          .find((name) => name !== undefined);
        const key = /# ([\w.]+):/.exec(line)?.[1] ?? '';
        const value = (parsed as Record<string, Record<string, unknown>>)[section ?? '']?.[key];
        assert.notEqual(value, undefined, `${section ?? '?'}.${key} is set after uncommenting "${line}"`);
      }
    }
  });
});
