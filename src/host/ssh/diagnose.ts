/**
 * What went wrong, from what OpenSSH's client printed: its messages are the only account of a refused
 * host key, a failed login or an unreachable host (all exit 255). The wording is OpenSSH's own
 * (sshconnect.c: "No %s host key is known for %.200s and you have requested strict checking.",
 * "Offending %s key in %s:%lu", "Host key verification failed."; sshconnect2.c: "Permission denied (%s)").
 */
export type SshFailure =
  | { kind: 'host-key-unknown'; fingerprint: string | undefined }
  | { kind: 'host-key-changed'; where: string | undefined }
  | { kind: 'login'; detail: string }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'lost'; detail: string };

/** The failure that `ssh`'s messages (its stderr, `-v` debug lines among them) describe. */
export function diagnose(lines: readonly string[]): SshFailure {
  const text = lines.join('\n');
  const offending = /Offending \S+ key in (\S+):(\d+)/.exec(text);
  if (offending !== null || /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/.test(text))
    return {
      kind: 'host-key-changed',
      where: offending === null ? undefined : `${offending[1]}:${offending[2]}`,
    };
  if (/host key is known for|Host key verification failed/.test(text)) {
    const fingerprint = /Server host key: (\S+ \S+)/.exec(text)?.[1];
    return { kind: 'host-key-unknown', fingerprint };
  }
  const denied = /Permission denied \([^)]*\)/.exec(text);
  if (denied !== null) return { kind: 'login', detail: denied[0] };
  const unreachable =
    /(Could not resolve hostname [^\n]*|connect to host [^\n]*|Connection timed out[^\n]*|No route to host[^\n]*|Network is unreachable[^\n]*)/.exec(
      text,
    );
  if (unreachable?.[1] !== undefined) return { kind: 'unreachable', detail: unreachable[1].trim() };
  const last = lines.filter((l) => !l.startsWith('debug')).at(-1);
  return { kind: 'lost', detail: last ?? 'ssh ended without a message' };
}
