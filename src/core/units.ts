/** A systemd unit by the name people use for it: firewalld for firewalld.service. */
export const unitName = (unit: string): string => unit.replace(/\.service$/, '');
