/**
 * Long lines broken at spaces to fit a terminal. Only prose goes through here (errors, hints, notes,
 * reports); data on stdout (plans with their bash, JSON, YAML, file contents) is never wrapped, so that it
 * can be copied and piped byte for byte. A continuation line hangs under the text it continues: after
 * "error: ", "hint: ", "- " or a report's column of ids. Words longer than a line (paths, URLs) stay whole.
 */

/** ANSI escape sequences take no room on screen. */
const visibleLength = (text: string): number =>
  // eslint-disable-next-line no-control-regex
  text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').length;

/** Where continuation lines start: under the text after a label, a bullet or a report's id column. */
function hangingIndent(line: string, width: number): number {
  const lead = /^\s*/.exec(line)?.[0].length ?? 0;
  const label = /^\s*(?:(?:error|hint|note|warning): |- |-> |\S+ {2,})/.exec(line)?.[0];
  const indent = label === undefined ? lead + 2 : visibleLength(label);
  return indent <= width / 2 ? indent : lead + 2;
}

function wrapLine(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  const hang = ' '.repeat(hangingIndent(line, width));
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  const words = line.slice(lead.length).split(' ');
  const out: string[] = [];
  let current = lead;
  let empty = true;
  for (const word of words) {
    if (!empty && visibleLength(current) + 1 + visibleLength(word) > width) {
      out.push(current);
      current = hang + word;
    } else {
      current = empty ? current + word : `${current} ${word}`;
    }
    empty = false;
  }
  out.push(current);
  return out.join('\n');
}

/** Every line of `text` at most `width` columns wide where its words allow; other text is unchanged. */
export function wrapText(text: string, width: number | undefined): string {
  if (width === undefined || width < 20) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}
