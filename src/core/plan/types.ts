/**
 * The plan is data: ordered tasks with bash snippets, built purely from the answers. The TypeScript
 * engine runs it task by task; the standalone script embeds it whole. Both go through the task
 * protocol in templates/shell/prelude.bash, so their journals, backups and logs are the same.
 */

export const PLAN_FORMAT_VERSION = 1;

export type PhaseId =
  | 'host'
  | 'repositories'
  | 'packages'
  | 'bridge'
  | 'configuration'
  | 'start'
  | 'register'
  | 'cloud'
  | 'credentials'
  | 'serviceImage'
  | 'console'
  | 'summary';

/** A rendered file a task installs, referred to by its staged name so snippets never carry contents. */
export interface PlanFile {
  path: string;
  /** octal, as stat -c %a prints it */
  mode: string;
  owner: string;
  /**
   * The content's SHA-256; null for a secret file: an unsalted hash of a secret, wherever a plan reader or
   * another local user sees it, lets them test guesses offline.
   */
  sha256: string | null;
  /** its name in the staging directory: the content hash, or for a secret file one made from its path */
  staged: string;
  secret: boolean;
  /** the bytes to install; never printed (the plan's JSON form leaves it out) */
  content: string;
}

export interface Task {
  /** stable across runs and releases: "<phase>.<name>" */
  id: string;
  phase: PhaseId;
  title: string;
  /** read-only bash: exit 0 when the task's effect is already in place */
  check: string;
  /** bash that brings the effect about; idempotent enough to rerun after a kill */
  apply: string;
  /** bash that reverses it, for uninstall; absent when uninstall needs nothing from this task */
  undo?: string;
  files: PlanFile[];
  /** answer paths the task reads: shown in the plan, for a reader (the journal hashes the task's snippets and files) */
  inputs: string[];
  /** tasks which, when they apply in a run, make this one apply again (e.g. a restart on a new config) */
  rerunAfter: string[];
  /** the longest this task may wait for something, in seconds; shown while waiting */
  waitSeconds?: number;
  /** hint shown when the task fails */
  failureHint?: string;
  /**
   * The task can cut the connection it runs over (the bridge moves the host's address): on a target over
   * SSH it runs detached from the session, so that losing the session cannot stop it halfway, and the
   * engine reconnects for its outcome. On the host itself it makes no difference.
   */
  detached?: boolean;
  /**
   * A file the task makes on the host that holds a secret nobody typed (the generated admin password):
   * the engine reads it when the task has applied, and when a run starts (a resumed run), and masks it in
   * everything it writes from then on.
   */
  secretFile?: string;
  /**
   * The systemd units this task starts and keeps running, and the TCP ports they listen on once up: what
   * `cloud-in-a-box status` expects of a finished install (the plan's tasks are the one list of them).
   */
  runs?: ServiceRun;
}

export interface ServiceRun {
  units: readonly string[];
  ports: readonly number[];
}

export interface Phase {
  id: PhaseId;
  title: string;
}

export interface Plan {
  version: typeof PLAN_FORMAT_VERSION;
  release: string;
  phases: Phase[];
  tasks: Task[];
}
