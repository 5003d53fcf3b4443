/** The choices of `cloud-in-a-box iso` that the CLI offers and the menus honour (no heavy imports: --help reads them). */

/** `local` boots the local drive; the others are the kickstart profiles' install entries. */
export const DEFAULT_ENTRIES = ['local', 'ciab', 'frontend', 'nc', 'minimal'] as const;
export type DefaultEntry = (typeof DEFAULT_ENTRIES)[number];

/** Seconds the menus wait before booting the default entry (CentOS 7's own media wait 60). */
export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_TIMEOUT_SECONDS = 3600;
