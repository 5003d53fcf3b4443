/**
 * The package signing keys each release ships (under etc/pki/rpm-gpg/ of the template its file table names):
 * each file holds exactly the key its fingerprint in the release data names, as real gpg reads it, and the
 * install writes it byte for byte. The fingerprints and where each key comes from: docs/SOURCES.md.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { packageFile } from '../../src/core/package-files.js';
import type { Release } from '../../src/core/release/index.js';
import { releases } from '../../src/core/release/index.js';
import { renderFiles } from '../../src/core/render/index.js';
const gnupgHome = mkdtempSync(path.join(tmpdir(), 'ciab-gpg-'));
after(() => {
  rmSync(gnupgHome, { recursive: true, force: true });
});

/** The primary keys' fingerprints in a key file, as gpg reads it (`fpr` records after `pub` ones). */
function fingerprints(file: string): string[] {
  const out = execFileSync('gpg', ['--homedir', gnupgHome, '--batch', '--with-colons', '--show-keys', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const found: string[] = [];
  let primary = false;
  for (const line of out.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === 'pub') primary = true;
    else if (fields[0] === 'sub') primary = false;
    else if (fields[0] === 'fpr' && primary) found.push(fields[9] ?? '');
  }
  return found;
}

/** The key file the release ships for KEY_PATH: the template its file table renders that path from. */
function shippedKey(release: Release, keyPath: string): string {
  const spec = release.files(release).find((f) => f.id === `key:${path.basename(keyPath)}`);
  assert.ok(spec, `${release.id} has no file table row for ${keyPath}`);
  return path.resolve(release.templates, spec.template);
}

const example = (release: Release) => {
  const text = readFileSync(packageFile('test', 'fixtures', 'answers', 'example.yaml'), 'utf8');
  const { answers } = validateAnswersText(text.replace(/^release: .*$/m, `release: ${release.id}`));
  assert.ok(answers);
  return answers;
};

for (const release of Object.values(releases)) {
  void describe(`signing keys of ${release.id}: the shipped files hold the pinned keys`, () => {
    for (const key of release.signingKeys) {
      void it(path.basename(key.path), () => {
        assert.deepEqual(fingerprints(shippedKey(release, key.path)), [key.fingerprint.replace(/\s+/g, '')]);
      });
    }

    void it('every repository names only keys the release ships, and an Eucalyptus one names both', () => {
      const shipped = new Set(release.signingKeys.map((k) => k.path));
      for (const repository of Object.values(release.repositories)) {
        if (repository.os) continue;
        for (const key of repository.gpgkeys) assert.ok(shipped.has(key), `${repository.id}: ${key}`);
      }
      // the legacy key and the AppScale one: the repositories hold packages signed by either
      for (const id of ['eucalyptus', 'euca2ools'] as const)
        assert.deepEqual(release.repositories[id].gpgkeys, [
          '/etc/pki/rpm-gpg/RPM-GPG-KEY-eucalyptus-release-as',
          '/etc/pki/rpm-gpg/RPM-GPG-KEY-eucalyptus-release',
        ]);
    });

    void it('the install writes each key byte for byte, world-readable, as rpm --import needs', () => {
      const rendered = renderFiles(example(release), release, {});
      for (const key of release.signingKeys) {
        const file = rendered.find((f) => f.path === key.path);
        assert.ok(file, `${key.path} is not written`);
        assert.equal(file.content, readFileSync(shippedKey(release, key.path), 'utf8'));
        assert.equal(file.mode, 0o644);
      }
    });
  });
}
