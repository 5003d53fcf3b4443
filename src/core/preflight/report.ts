/**
 * The preflight report: a headline with a light touch of the nurse (only there), then the checks grouped by
 * verdict, each one plain line with its treatment; and the versioned JSON form.
 */
import { countByVerdict, passes } from './evaluate.js';
import type { CheckResult, Verdict } from './types.js';
import { verdicts } from './types.js';

export const PREFLIGHT_JSON_VERSION = 1;

const groupTitles: Record<Verdict, string> = {
  fatal: 'Fatal: cannot work',
  warning: 'Warnings: may work, you decide (--accept ID)',
  treatable: 'Treatable: the install fixes these',
  ok: 'Healthy',
};

export function headline(results: readonly CheckResult[]): string {
  const n = countByVerdict(results);
  const parts = [
    `${n.ok} healthy`,
    ...(n.treatable > 0 ? [`${n.treatable} need${n.treatable === 1 ? 's' : ''} treatment`] : []),
    ...(n.warning > 0 ? [`${n.warning} warning${n.warning === 1 ? '' : 's'}`] : []),
    ...(n.fatal > 0 ? [`${n.fatal} fatal`] : []),
  ];
  const firstFatal = results.find((r) => r.verdict === 'fatal' && !r.overridden);
  const openWarnings = results.filter((r) => r.verdict === 'warning' && !r.overridden);
  const verdict =
    firstFatal !== undefined
      ? `${firstFatal.summary ?? firstFatal.diagnosis}; I recommend against resuscitation until that is fixed.`
      : openWarnings.length > 0
        ? `the patient may pull through: run again with --accept ${openWarnings.map((r) => r.id).join(',')}, or treat the warnings.`
        : n.treatable > 0
          ? 'fit for a cloud once the install has treated what it can.'
          : 'fit for a cloud.';
  return `Nurse Euca: ${parts.join(', ')} — ${verdict}`;
}

export function reportText(results: readonly CheckResult[], verbose = true): string {
  const lines = [headline(results)];
  for (const verdict of verdicts) {
    const group = results.filter((r) => r.verdict === verdict);
    if (group.length === 0 || (verdict === 'ok' && !verbose)) continue;
    lines.push('', `${groupTitles[verdict]}:`);
    for (const r of group) {
      const mark = r.overridden ? (verdict === 'warning' ? ' [accepted]' : ' [forced]') : '';
      lines.push(`  ${r.id.padEnd(18)} ${r.diagnosis}${mark}`);
      if (r.treatment !== undefined && verdict !== 'ok')
        lines.push(
          `  ${''.padEnd(18)} -> ${r.treatment}${r.treatedBy === undefined ? '' : ` (task ${r.treatedBy})`}`,
        );
    }
  }
  return lines.join('\n') + '\n';
}

/** `notes`: probes that could not tell, with why (their checks say "could not tell" as warnings). */
export function reportJson(
  results: readonly CheckResult[],
  notes: readonly string[] = [],
  /** the host checked: `this machine`, or the --target address */
  target = 'this machine',
): string {
  return (
    JSON.stringify(
      {
        version: PREFLIGHT_JSON_VERSION,
        target,
        passes: passes(results),
        counts: countByVerdict(results),
        notes,
        checks: results.map((r) => ({
          id: r.id,
          title: r.title,
          verdict: r.verdict,
          diagnosis: r.diagnosis,
          treatment: r.treatment ?? null,
          treatedBy: r.treatedBy ?? null,
          summary: r.summary ?? null,
          overridden: r.overridden,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}
