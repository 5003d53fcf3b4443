/** The example answers' install script, as `cloud-in-a-box script` writes it: shared by the script's tests. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { compileScript } from '../../src/core/bash/standalone.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';

const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8').replace(
  'password: null',
  'password: Sup3rSecretPw',
);
const answers = validateAnswersText(text).answers;
assert.ok(answers);
export const plan = buildPlan(answers, getRelease('eucalyptus-4.4'), {}, 'ciab');
export const script = compileScript(plan, { generatedBy: 'by a test', role: 'ciab' });
