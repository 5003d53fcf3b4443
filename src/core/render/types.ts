/** What the renderer returns and what it takes besides the answers. */

/** One file the install writes, rendered. */
export interface RenderedFile {
  /** stable name of the file in the table, e.g. "eucalyptus.conf", "ifcfg-bridge", "repo:epel.repo" */
  id: string;
  /** absolute target path on the host */
  path: string;
  content: string;
  /** permission bits, e.g. 0o644; 0o600 for every secret file */
  mode: number;
  /** "user:group" */
  owner: string;
  /** true when the content holds a secret (the admin password); such files are 0600 */
  secret: boolean;
  /**
   * The inputs the rendering read, sorted: dotted answer paths ("network.address", "cloud.publicIps" for
   * a whole list) and host-context keys prefixed "context." ("context.nicHwaddr"). Recorded while the file
   * renders, not declared, so it is exact: the content can change only if a value at one of these paths
   * changes (or the release or the templates do). `secret` is decided from it: a file is secret when it
   * read a secret answer or the admin password. (When a file's task reruns is decided by its content,
   * which the task's hash covers: src/core/bash/tasks.ts, taskHash.)
   */
  dependsOn: string[];
}

/** What comes from the host rather than the answers. */
export interface RenderContext {
  /** HWADDR from the host's current ifcfg-<interface>; kept in the new file when present */
  nicHwaddr?: string;
  /**
   * The resolved admin password (the answers' admin.password, or one generated on the host). Only the
   * admin password file reads it; without it that file is not rendered.
   */
  adminPassword?: string;
  /**
   * false when this host is a cluster controller without a node controller of its own (a frontend): its
   * NODES= line then starts empty, as the stock eucalyptus.conf has it. Absent or true: the whole cloud on
   * this host, which lists itself.
   */
  localNodeController?: boolean;
}
