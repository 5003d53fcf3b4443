/**
 * KEY=value files that shell scripts source: os-release, ifcfg-*, /etc/selinux/config, sysfs uevent.
 * initscripts source ifcfg files with bash, so values follow shell quoting: 'single', "double" with
 * backslash escapes, bare words with backslash escapes, any mix of them, and a trailing `# comment`.
 */

const NAME = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/;

/** Every assignment in the text, later ones winning, as the shell would. Lines that are not assignments are skipped. */
export function parseShellVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const match = NAME.exec(line);
    if (match?.[1] === undefined) continue;
    const value = shellWord(line.slice(match[0].length));
    if (value !== undefined) vars[match[1]] = value;
  }
  return vars;
}

/** The first shell word of `text`, unquoted; undefined when a quote is left open. */
function shellWord(text: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === ';') break;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        const d = text.charAt(i);
        if (d === '"') break;
        if (d === '\\' && '$`"\\'.includes(text.charAt(i + 1)) && i + 1 < text.length) {
          out += text.charAt(i + 1);
          i += 2;
        } else {
          out += d;
          i++;
        }
      }
      i++;
    } else if (c === '\\' && i + 1 < text.length) {
      out += text.charAt(i + 1);
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** yes/no style flags as initscripts read them; undefined for anything else. */
export function shellBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'true' || v === '1' || v === 'y') return true;
  if (v === 'no' || v === 'false' || v === '0' || v === 'n') return false;
  return undefined;
}
