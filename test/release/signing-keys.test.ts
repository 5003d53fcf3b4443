/**
 * The package signing keys the release ships (templates/<release>/etc/pki/rpm-gpg/): each file holds
 * exactly the key its fingerprint in the release data names, as real gpg reads it, and the install writes
 * it byte for byte. The fingerprints and where each key comes from: docs/SOURCES.md.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { packageFile } from '../../src/core/package-files.js';
import { getRelease } from '../../src/core/release/index.js';
import { renderFiles } from '../../src/core/render/index.js';

const release = getRelease('eucalyptus-4.4');
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

void describe('signing keys: the shipped files hold the pinned keys', () => {
  for (const key of release.signingKeys) {
    void it(path.basename(key.path), () => {
      const shipped = path.join(release.templates, key.path.slice(1));
      assert.deepEqual(fingerprints(shipped), [key.fingerprint.replace(/\s+/g, '')]);
    });
  }

  void it('the install writes each key byte for byte, world-readable, as rpm --import needs', () => {
    const { answers } = validateAnswersText(
      readFileSync(packageFile('test', 'fixtures', 'answers', 'example.yaml'), 'utf8'),
    );
    assert.ok(answers);
    const rendered = renderFiles(answers, release, {});
    for (const key of release.signingKeys) {
      const file = rendered.find((f) => f.path === key.path);
      assert.ok(file, `${key.path} is not written`);
      const shipped = readFileSync(path.join(release.templates, key.path.slice(1)), 'utf8');
      assert.equal(file.content, shipped);
      assert.equal(file.mode, 0o644);
    }
  });
});
