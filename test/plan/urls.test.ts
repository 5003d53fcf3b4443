/**
 * Issue 12 B.7: the URLs the install hands to people and tools (the summary, the euca2ools region file) come
 * from one source, and the plan waits, before it ends, for every port they name on this host.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';
import { locations } from '../../src/core/locations.js';
import { renderFiles } from '../../src/core/render/index.js';

const release = getRelease('eucalyptus-4.4');

function answers(file: string) {
  const text = readFileSync(new URL(`../fixtures/answers/${file}`, import.meta.url), 'utf8');
  const { answers: valid, problems } = validateAnswersText(text);
  assert.ok(valid, JSON.stringify(problems));
  return valid;
}

const defaultPort = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80');

describe('URLs of the summary and the region file', () => {
  for (const file of ['example.yaml', 'no-extra-services.yaml']) {
    it(`${file}: every port they name is one the plan waits for`, () => {
      const a = answers(file);
      const files = renderFiles(a, release, {});
      const text = [locations.summaryFile, locations.regionIni]
        .map((p) => files.find((f) => f.path === p)?.content ?? '')
        .join('\n');
      const urls = [...text.matchAll(/\bhttps?:\/\/[^\s,]+/g)].map((m) => new URL(m[0]));
      assert.ok(urls.length > 5, text);
      const checks = buildPlan(a, release, {}, 'ciab').tasks.map((t) => t.check);
      for (const url of urls) {
        assert.equal(url.hostname, a.network.address.split('/')[0], url.href);
        const port = defaultPort(url);
        assert.ok(
          checks.some((c) => new RegExp(`ciab_port_open ${port}\\b`).test(c)),
          `the plan waits for port ${port} of ${url.href}`,
        );
      }
    });
  }
});
