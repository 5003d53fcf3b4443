/**
 * The CLI entry: parses argv with commander, runs one command, maps errors to exit codes.
 * Commands import their heavy modules lazily, so `--version` and `--help` stay fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CancelledError, InputError, WorkError } from '../core/errors.js';
import { packageFile } from '../core/package-files.js';
import { errorLine, hintLine, messages } from '../core/messages.js';
import { registerAnswers } from './answers.js';
import { registerCheck } from './check.js';
import { registerRender } from './render.js';
import { registerInstall } from './install.js';
import { registerPlan } from './plan.js';
import { registerScript } from './script.js';
import { registerKickstart } from './kickstart.js';
import { registerIso } from './iso.js';
import { registerUninstall } from './uninstall.js';
import { registerStatus } from './status.js';
import { registerSupportBundle } from './support-bundle.js';
import type { Io } from './io.js';
import { processIo } from './io.js';
import { ReportedFailure } from './reported.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** `commanderErrors: false`: commander's own usage errors are not printed (main reports them as JSON). */
export function buildProgram(
  io: Io,
  { commanderErrors = true }: { commanderErrors?: boolean } = {},
): Command {
  const output = {
    writeOut: io.out,
    writeErr: io.err,
    outputError: (text: string, write: (text: string) => void) => {
      if (commanderErrors) write(text);
    },
  };
  const program = new Command('cloud-in-a-box')
    .description('Install a single-host Eucalyptus cloud on CentOS, or build kickstart ISO media that do it.')
    .version(version(), '-V, --version')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError(commanderErrors ? '(run with --help for usage)' : false)
    .configureOutput(output)
    .exitOverride();
  registerInstall(program, io);
  registerAnswers(program, io);
  registerCheck(program, io);
  registerRender(program, io);
  registerPlan(program, io);
  registerScript(program, io);
  registerKickstart(program, io);
  registerIso(program, io);
  registerUninstall(program, io);
  registerStatus(program, io);
  registerSupportBundle(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput(output);
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 bad usage or input, 130 interrupted). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  // With --json every outcome is one JSON document on stdout, errors included (before `--`, an option).
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const json = options.includes('--json');
  const program = buildProgram(io, { commanderErrors: !json });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    const debug = program.opts<{ debug?: boolean }>().debug === true || argv.includes('--debug');
    return json ? reportJson(error, io, debug) : report(error, io, debug);
  }
}

function exitCode(error: unknown): number {
  if (error instanceof ReportedFailure) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof CancelledError) return EXIT.interrupted;
  return error instanceof InputError ? EXIT.usage : EXIT.failed;
}

function reportJson(error: unknown, io: Io, debug: boolean): number {
  const code = exitCode(error);
  if (error instanceof ReportedFailure || code === EXIT.ok) return code; // printed already (help, a report)
  const known = error instanceof InputError || error instanceof WorkError;
  const text = error instanceof Error ? error.message : String(error);
  const message =
    error instanceof CommanderError
      ? text.replace(/^error: /, '')
      : known || error instanceof CancelledError
        ? text || messages.cancelled
        : messages.unexpected(text);
  io.out(messages.jsonError(code, message, known ? error.hint : undefined, known ? error.details : []));
  if (debug && error instanceof Error && error.stack) io.err(error.stack + '\n');
  return code;
}

function report(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CommanderError || error instanceof ReportedFailure) {
    // commander has printed its own message (help and version are successes); a report, its outcome.
    return exitCode(error);
  }
  if (error instanceof CancelledError) {
    io.err(errorLine(error.message || messages.cancelled));
    return EXIT.interrupted;
  }
  const known = error instanceof InputError || error instanceof WorkError;
  const message = error instanceof Error ? error.message : String(error);
  io.err(errorLine(known ? message : messages.unexpected(message)));
  if (known)
    error.details.forEach((line) => {
      io.err(`  ${line}\n`);
    });
  if (known && error.hint !== undefined) io.err(hintLine(error.hint));
  if (debug && error instanceof Error && error.stack) io.err(error.stack + '\n');
  else if (!known) io.err(hintLine(messages.debugHint));
  return exitCode(error);
}
