/**
 * The CLI entry: parses argv with commander, runs one command, maps errors to exit codes.
 * Commands import their heavy modules lazily, so `--version` and `--help` stay fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CancelledError, InputError, WorkError } from '../core/errors.js';
import { packageFile } from '../core/package-files.js';
import { errorLine, hintLine, messages } from '../messages.js';
import { registerAnswers } from './answers.js';
import { registerCheck } from './check.js';
import { registerRender } from './render.js';
import { registerInstall } from './install.js';
import { registerPlan } from './plan.js';
import { registerScript } from './script.js';
import { registerKickstart } from './kickstart.js';
import { registerIso } from './iso.js';
import { registerUninstall } from './uninstall.js';
import type { Io } from './io.js';
import { processIo } from './io.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function buildProgram(io: Io): Command {
  const program = new Command('cloud-in-a-box')
    .description('Install a single-host Eucalyptus cloud on CentOS, or build kickstart ISO media that do it.')
    .version(version(), '-V, --version')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
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
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 bad usage or input, 130 interrupted). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(error, io, program.opts<{ debug?: boolean }>().debug === true || argv.includes('--debug'));
  }
}

function report(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander has printed its own message; help and version are successes.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
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
  return error instanceof InputError ? EXIT.usage : EXIT.failed;
}
