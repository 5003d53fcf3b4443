/**
 * The command has printed its outcome itself (`check --json`: a report whose `passes` is false): exit
 * with this code and print nothing more, so that standard output stays one JSON document.
 */
export class ReportedFailure extends Error {
  override readonly name = 'ReportedFailure';
  constructor(readonly exitCode: number) {
    super('the outcome was reported');
  }
}
