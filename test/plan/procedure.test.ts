/**
 * A release's procedure: the checks buildPlan makes of a step list, and the step library's promises
 * (ids kept as given, roles, rerunAfter by reference).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/core/answers/schema.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { buildPlan } from '../../src/core/plan/build.js';
import type { Release } from '../../src/core/release/index.js';
import { getRelease } from '../../src/core/release/index.js';

function answers(): Answers {
  const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8');
  const { answers: parsed, problems } = validateAnswersText(text);
  assert.ok(parsed, JSON.stringify(problems));
  return parsed;
}

const release = getRelease('eucalyptus-4.4');
const withSteps = (steps: Release['steps']): Release => ({ ...release, steps });
const stepsWithout = (id: string) => release.steps.filter((s) => s.id !== id);

describe("a release's procedure", () => {
  it('plans its steps in order, as tasks with the same ids', () => {
    const plan = buildPlan(answers(), release, {}, 'ciab');
    const ids = release.steps.map((s) => s.id);
    assert.deepEqual(
      plan.tasks.map((t) => t.id),
      ids.filter((id) => plan.tasks.some((t) => t.id === id)),
    );
  });

  it('is refused when two steps have one id: the journal knows tasks by id', () => {
    const keep = release.steps.find((s) => s.id === 'host.answers')!;
    assert.throws(
      () => buildPlan(answers(), withSteps([keep, ...release.steps]), {}, 'ciab'),
      /two steps are called host\.answers/,
    );
  });

  it('is refused when a step comes after a later phase', () => {
    const last = release.steps.at(-1)!;
    assert.throws(
      () => buildPlan(answers(), withSteps([last, ...release.steps.slice(0, -1)]), {}, 'ciab'),
      /comes after the summary phase/,
    );
  });

  it('is refused when a step reruns after a step that is not in the procedure', () => {
    // start.cloud reruns after configuration.eucalyptus: without it the rerun could never happen.
    const steps = stepsWithout('configuration.eucalyptus');
    assert.throws(
      () => buildPlan(answers(), withSteps(steps), {}, 'ciab'),
      /start\.cloud reruns after configuration\.eucalyptus, which is not one of its steps/,
    );
  });

  it('is refused when no step installs a rendered file', () => {
    assert.throws(
      () => buildPlan(answers(), withSteps(stepsWithout('host.hosts')), {}, 'ciab'),
      /no task installs the rendered files \/etc\/hosts/,
    );
  });

  it('names the steps a task reruns after by their ids', () => {
    const plan = buildPlan(answers(), release, {}, 'ciab');
    const cloud = plan.tasks.find((t) => t.id === 'start.cloud');
    assert.deepEqual(cloud?.rerunAfter, ['configuration.eucalyptus']);
  });
});
