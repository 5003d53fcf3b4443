/** `cloud-in-a-box kickstart`: a CentOS 7 kickstart file for one profile, from the answers. */
import { Option } from 'commander';
import type { Command } from 'commander';
import type { Io } from './io.js';

interface KickstartFlags {
  answers: string;
  profile: string;
  output: string;
  label?: string;
  offlineRepo?: boolean;
  force?: boolean;
}

export function registerKickstart(program: Command, io: Io): void {
  program
    .command('kickstart')
    .description('write a CentOS 7 kickstart file that installs the OS and, on first boot, the cloud')
    .requiredOption('-a, --answers <file>', 'the answers file')
    .addOption(
      new Option('-p, --profile <profile>', 'what the host becomes')
        .choices(['ciab', 'frontend', 'nc', 'minimal'])
        .default('ciab'),
    )
    .option('-o, --output <file>', 'where to write it (mode 0600: it holds the answers); - for stdout', '-')
    .option('--label <label>', 'volume label of the install media that carries the kickstart')
    .option(
      '--offline-repo',
      'the media carries the Eucalyptus repository (no network needed); needs --label',
    )
    .option('--force', 'overwrite an existing file')
    .addHelpText(
      'after',
      '\nExample:\n  cloud-in-a-box kickstart --answers ciab.yaml --profile ciab -o ciab.cfg\n\n' +
        'Profiles: ciab (the whole cloud on this host), frontend (all but the node controller), nc (a node\n' +
        'controller; the frontend adds it), minimal (CentOS 7 only). The install ERASES kickstart.disk;\n' +
        'kickstart.rootPassword is required (plain text is hashed with SHA-512 crypt, never written).',
    )
    .action(async (flags: KickstartFlags) => {
      const { InputError } = await import('../core/errors.js');
      const { messages } = await import('../core/messages.js');
      if (flags.offlineRepo === true && flags.label === undefined) {
        throw new InputError(messages.kickstartOfflineNeedsLabel);
      }
      const { loadAnswers } = await import('./answers-file.js');
      const { getRelease } = await import('../core/release/index.js');
      const { KICKSTART_PROFILES, renderKickstart } = await import('../core/kickstart/index.js');
      const profile = KICKSTART_PROFILES.find((p) => p === flags.profile);
      // commander's choices() refused anything else already
      if (profile === undefined) throw new Error(`unknown profile ${flags.profile}`);
      const { model } = await loadAnswers(flags.answers);
      const text = renderKickstart(model, getRelease(model.answers.release), {
        profile,
        ...(flags.label === undefined
          ? {}
          : { media: { label: flags.label, offlineRepo: flags.offlineRepo === true } }),
      });
      if (flags.output === '-') {
        io.err(messages.kickstartOnStdout);
        io.out(text);
        return;
      }
      const { writeSecretFile } = await import('./write-file.js');
      await writeSecretFile(flags.output, text, { overwrite: flags.force === true });
      io.err(messages.kickstartWritten(flags.output, profile, model.answers.kickstart.disk));
    });
}
