/** `cloud-in-a-box iso`: a CentOS 7 install ISO remastered to install the cloud from its boot menu. */
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { Io } from './io.js';
import { DEFAULT_ENTRIES, DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from '../core/iso/options.js';

interface IsoFlags {
  base: string;
  answers: string;
  output: string;
  repo?: string;
  volid?: string;
  defaultEntry: string;
  timeout: number;
  force?: boolean;
  quiet?: boolean;
}

export function registerIso(program: Command, io: Io): void {
  program
    .command('iso')
    .description('remaster a CentOS 7 install ISO into media whose boot menu installs the cloud unattended')
    .requiredOption('-b, --base <iso>', 'the CentOS 7 x86_64 install ISO (DVD or Minimal) to start from')
    .requiredOption(
      '-a, --answers <file>',
      'the answers file (kickstart.disk and kickstart.rootPassword set)',
    )
    .requiredOption('-o, --output <iso>', 'the ISO to write (mode 0600: it holds the answers)')
    .option(
      '--repo <dir>',
      "a directory of RPMs (the answers' Eucalyptus release and its dependencies) to install without network",
    )
    .option('--volid <label>', "the output's volume label (default: the base's); at most 32 characters")
    .addOption(
      new Option('--default-entry <entry>', 'the boot menu entry chosen when nobody picks one')
        .choices([...DEFAULT_ENTRIES])
        .default('local'),
    )
    .addOption(
      new Option('--timeout <seconds>', 'how long the boot menu waits before the default entry')
        .argParser(parseTimeout)
        .default(DEFAULT_TIMEOUT_SECONDS),
    )
    .option('--force', 'replace an existing output file')
    .option('-q, --quiet', 'print only the result')
    .addHelpText(
      'after',
      '\nExample:\n  cloud-in-a-box iso --base CentOS-7-x86_64-Minimal-2009.iso --answers ciab.yaml -o ciab.iso\n\n' +
        'The menu offers: the whole cloud (ciab), frontend, node controller (nc), CentOS alone (minimal),\n' +
        "the base's rescue entry and boot from local drive, which is the default: every install entry ERASES\n" +
        'kickstart.disk. --default-entry ciab makes the media install by itself (lab automation).\n' +
        'Nothing is written until the base, the label, the answers, the kickstarts and the free space check\n' +
        'out; the ISO is written under a temporary name and renamed when complete.',
    )
    .action(async (flags: IsoFlags) => {
      const started = performance.now();
      const { loadAnswers } = await import('./answers-file.js');
      const { prepareIso, writeIso, cleanUp } = await import('../iso/build.js');
      const { Listr } = await import('listr2');
      const { chooseRenderer } = await import('./progress.js');
      const { messages } = await import('../core/messages.js');
      const { interruptible } = await import('./interrupt.js');
      const defaultEntry = DEFAULT_ENTRIES.find((e) => e === flags.defaultEntry);
      // commander's choices() refused anything else already
      if (defaultEntry === undefined) throw new Error(`unknown entry ${flags.defaultEntry}`);
      const { model } = await loadAnswers(flags.answers);

      const volumeId = await interruptible(async (signal) => {
        const prepared = await prepareIso(
          {
            base: flags.base,
            model,
            output: flags.output,
            overwrite: flags.force === true,
            defaultEntry,
            timeoutSeconds: flags.timeout,
            ...(flags.repo === undefined ? {} : { repo: flags.repo }),
            ...(flags.volid === undefined ? {} : { volumeId: flags.volid }),
          },
          signal,
        );
        try {
          if (flags.quiet !== true) {
            const found = `${prepared.media.family} ${prepared.media.version} ${prepared.media.arch}`;
            io.err(messages.isoBase(found, prepared.media.volumeId, prepared.bootRecord) + '\n');
          }
          const renderer = chooseRenderer({ quiet: flags.quiet === true, interactive: io.interactive });
          await new Listr(
            [
              {
                title: messages.isoStepWrite(flags.output),
                task: async (_ctx, task) => {
                  let shown = -1;
                  await writeIso(prepared, {
                    signal,
                    onProgress: (percent) => {
                      // a new title every 5 % is enough on a terminal and keeps CI logs short
                      if (percent - shown < 5) return;
                      shown = percent;
                      task.title = messages.isoStepWriteProgress(flags.output, percent);
                    },
                  });
                  task.title = messages.isoStepWrite(flags.output);
                },
              },
            ],
            // Ctrl-C is ours (interruptible): it stops the tool and removes the partial output; listr2's own
            // handler would exit on the spot and leave both behind.
            { renderer, exitOnError: true, registerSignalListeners: false },
          ).run();
        } finally {
          await cleanUp(prepared);
        }
        return prepared.volumeId;
      });
      io.err(messages.isoWritten(flags.output, volumeId, (performance.now() - started) / 1000));
    });
}

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds > MAX_TIMEOUT_SECONDS)
    throw new InvalidArgumentError(`give a whole number of seconds from 0 to ${MAX_TIMEOUT_SECONDS}`);
  return seconds;
}
