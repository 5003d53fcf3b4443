/**
 * Templates reach answers only through the quoting helpers, and hostile answers either fail validation or
 * come back literally from the rendered file.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { AnswersModel } from '../src/core/answers/model.js';
import { validateAnswers } from '../src/core/answers/validate.js';
import { getRelease } from '../src/core/release/index.js';
import type { RenderedFile } from '../src/core/render/index.js';
import { renderFiles } from '../src/core/render/index.js';
import { helpers } from '../src/core/render/helpers.js';
import { opaque } from '../src/core/render/opaque.js';
import { compileTemplate } from '../src/core/render/templates.js';
import type { View } from '../src/core/render/templates.js';
import { buildView } from '../src/core/render/view.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exampleText = readFileSync(path.join(root, 'test/fixtures/answers/example.yaml'), 'utf8');
const example = (): Record<string, Record<string, unknown>> =>
  yaml.load(exampleText) as Record<string, Record<string, unknown>>;

function validExample(): AnswersModel {
  const result = validateAnswers(example());
  assert.ok(result.model);
  return result.model;
}

const exampleView = (): View => {
  const model = validExample();
  return buildView({
    answers: model.answers,
    model,
    context: {},
    release: getRelease('eucalyptus-4.4'),
    file: {},
  });
};

const renderText = (source: string): string => compileTemplate(source, 'test.ejs')(exampleView());

void describe('templates can use answers only through a quoting helper', () => {
  const raw: [string, string][] = [
    ['<%- on a raw answer', '<%- answers.network.address %>'],
    ['a computed value', 'x=<%- net.netmask %>'],
    ['string concatenation', "<%- sh('--bind-addr=' + net.address) %>"],
    ['a template literal', '<%- sh(`${answers.cloud.zone}`) %>'],
    ['JSON.stringify', '<%- JSON.stringify(answers.cloud.publicIps) %>'],
    ['a list joined', "<%- answers.network.dns.join(' ') %>"],
    ['a number from the release', 'CC_PORT=<%- release.ports.cluster %>'],
    ['loose comparison', "<% if (answers.storage.blockStorage == 'das') { %>x<% } %>"],
  ];
  for (const [what, source] of raw) {
    void it(`throws on ${what}`, () => {
      assert.throws(() => renderText(source), /template used a value without a quoting helper \(\w+\./);
    });
  }

  void it('names the value in the error, never its content', () => {
    assert.throws(
      () => renderText('<%- answers.network.gateway %>'),
      (error: Error) =>
        error.message.includes('answers.network.gateway') && !error.message.includes('192.168.56.1'),
    );
  });

  void it('refuses <%= when the template compiles, raw or with a helper, so HTML escaping never reaches a file', () => {
    assert.throws(() => renderText('<%= answers.network.bridge %>'), /test\.ejs:1: .*<%= would HTML-escape/);
    assert.throws(
      () => renderText('x\n<%= sh(answers.network.bridge) %>'),
      /test\.ejs:2: .*<%= would HTML-escape/,
    );
  });

  void it('writes what the helpers return, unescaped', () => {
    assert.equal(
      renderText('<%- sh(answers.network.bridge) %> <%- json(answers.cloud.publicIps) %> <%- sh("it\'s") %>'),
      '"br0" ["192.168.56.100-192.168.56.119"] "it\'s"',
    );
    assert.equal(renderText("<%- is(answers.storage.blockStorage, 'overlay') %>"), 'true');
  });

  void it('templates cannot change their inputs', () => {
    assert.throws(() => renderText("<% answers.network.address = 'x' %>"), /cannot change/);
  });

  void it('no shipped template uses <%=', () => {
    const dir = path.join(root, 'templates/eucalyptus-4.4');
    const templates = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ejs'),
    );
    assert.ok(templates.length >= 10);
    for (const file of templates)
      assert.doesNotMatch(readFileSync(path.join(dir, file), 'utf8'), /<%=/, file);
  });
});

// ---------------------------------------------------------------- hostile values

const hostile = [
  'quote"double',
  "quote'single",
  'sub$(touch /tmp/ciab-pwned)',
  'tick`touch /tmp/ciab-pwned`',
  'dollar$HOME${PATH}',
  'back\\slash\\',
  'line\nbreak',
  'tab\there',
  'grüße-日本',
  ' edge blanks ',
  '#comment;semi',
];

/** Sources `NAME=<value>` in bash and returns what bash makes of it. */
function bashValue(assignment: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-quote-'));
  try {
    const file = path.join(dir, 'f');
    writeFileSync(file, `${assignment}\n`);
    execFileSync('bash', ['-n', file]);
    return execFileSync('bash', ['-c', '. "$1"; printf %s "$VALUE"', 'bash', file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void describe('quoting helpers on hostile values', () => {
  for (const value of hostile) {
    void it(`sh() round-trips ${JSON.stringify(value)} through bash`, () => {
      assert.equal(bashValue(`VALUE=${helpers.sh(opaque(value, 'test'))}`), value);
    });
    void it(`json() round-trips ${JSON.stringify(value)}`, () => {
      assert.equal(JSON.parse(helpers.json(opaque(value, 'test'))), value);
    });
  }

  void it('ini(), word() and text() refuse what their formats cannot hold', () => {
    assert.throws(() => helpers.ini(opaque('a\nb', 't')), /line breaks/);
    assert.throws(() => helpers.ini(opaque(' a', 't')), /edge blanks/);
    assert.throws(() => helpers.iniSection(opaque('a]b', 't')), /section/);
    for (const bad of ['a b', 'a#b', 'a\nb', '', 'a"b'])
      assert.throws(() => helpers.word(opaque(bad, 't')), /single word/);
    assert.throws(() => helpers.text(opaque('a\u001b[2Jb', 't')), /control characters/);
    assert.throws(() => helpers.sh(opaque(['a'], 't')), /not a single value/);
  });
});

type Reader = (files: RenderedFile[], value: string) => void;

const fileById = (files: RenderedFile[], id: string): RenderedFile => {
  const file = files.find((f) => f.id === id);
  assert.ok(file, id);
  return file;
};

const repoBaseurl =
  (repo: string): Reader =>
  (files, value) => {
    const file = files.find((f) => f.path.startsWith('/etc/yum.repos.d/') && f.content.includes(`[${repo}]`));
    assert.ok(file);
    const section = file.content.split(`[${repo}]\n`)[1]?.split('\n[')[0] ?? '';
    assert.equal(/^baseurl=(.*)$/m.exec(section)?.[1], value);
  };

/**
 * Every free-text answer that reaches a file, with the reader that proves an accepted value comes back
 * literally. Fields without a reader must reject every hostile value.
 */
const fields: { path: (string | number)[]; make: (v: string) => unknown; read?: Reader }[] = [
  { path: ['host', 'hostname'], make: (v) => `h${v}.example.lan` },
  { path: ['host', 'ntpServers'], make: (v) => [`ntp${v}.example.lan`] },
  { path: ['host', 'timezone'], make: (v) => `Europe/${v}` },
  { path: ['network', 'interface'], make: (v) => `eth${v}` },
  { path: ['network', 'bridge'], make: (v) => `br${v}` },
  { path: ['network', 'dns'], make: (v) => [`192.168.56.1${v}`] },
  { path: ['cloud', 'zone'], make: (v) => `zone${v}` },
  { path: ['cloud', 'dnsDomain'], make: (v) => `cloud${v}.example.lan` },
  { path: ['cloud', 'publicIps'], make: (v) => [`192.168.56.100${v}`] },
  { path: ['storage', 'instancePath'], make: (v) => `/var/lib/${v}` },
  { path: ['storage', 'dasDevice'], make: (v) => `/dev/${v}` },
  ...(['base', 'updates', 'extras', 'epel', 'eucalyptus', 'euca2ools'] as const).map((repo) => ({
    path: ['repositories', repo],
    make: (v: string) => `http://mirror.example.lan/${v}/`,
    read: repoBaseurl(repo),
  })),
  {
    path: ['admin', 'password'],
    make: (v) => `password-${v}`,
    // the file is the password and one newline; readers take everything before that newline
    read: (files, value) => {
      assert.equal(fileById(files, 'admin-password').content.slice(0, -1), value);
    },
  },
];

void describe('hostile answers are rejected by validation or come back literally', () => {
  for (const field of fields) {
    void it(field.path.join('.'), () => {
      let accepted = 0;
      for (const value of hostile) {
        const raw = example();
        const [section, key] = field.path as [string, string];
        raw[section] = { ...(raw[section] ?? {}), [key]: field.make(value) };
        if (field.path[1] === 'dasDevice') raw.storage = { ...raw.storage, blockStorage: 'das' };
        const { answers } = validateAnswers(raw);
        if (answers === undefined) continue;
        accepted++;
        assert.ok(
          field.read,
          `${field.path.join('.')} accepted ${JSON.stringify(value)} but the test has no reader`,
        );
        const files = renderFiles(answers, getRelease(answers.release), {
          ...(answers.admin.password === null ? {} : { adminPassword: answers.admin.password }),
        });
        field.read(files, field.make(value) as string);
      }
      if (field.read === undefined) assert.equal(accepted, 0);
      else assert.ok(accepted > 0, 'the reader was exercised');
    });
  }
});
