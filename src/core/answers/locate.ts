/**
 * Where each value of a YAML document stands (line and column), so that every validation problem can
 * point at its line. js-yaml has no source map, but it reports every node it composes to a listener
 * ("open" before, "close" after); the nesting of those events is the document's tree.
 */
import yaml from 'js-yaml';

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

interface NodeFrame {
  start: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: NodeFrame[];
}

export type PositionMap = Map<string, Position>;

/** Key of a path in a PositionMap: segments joined by NUL, which no YAML key we accept contains. */
export const pathKey = (path: readonly PropertyKey[]): string => path.map(String).join('\u0000');

/** Positions of every mapping value (and of the keys, under the suffix "#key") and sequence item. */
export function locate(text: string): PositionMap {
  const root: NodeFrame = { start: 0, end: text.length, kind: null, result: undefined, children: [] };
  const stack: NodeFrame[] = [root];
  yaml.load(text, {
    listener(event, state) {
      if (event === 'open') {
        const frame: NodeFrame = {
          start: state.position,
          end: 0,
          kind: null,
          result: undefined,
          children: [],
        };
        stack.at(-1)?.children.push(frame);
        stack.push(frame);
      } else {
        const frame = stack.pop();
        if (frame === undefined) return;
        frame.end = state.position;
        frame.kind = state.kind;
        frame.result = state.result;
      }
    },
  });
  const positions: PositionMap = new Map();
  const at = (offset: number): Position => positionOf(text, skipBlank(text, offset));
  const walk = (frame: NodeFrame, path: PropertyKey[]): void => {
    positions.set(pathKey(path), at(frame.start));
    if (frame.kind === 'mapping') {
      let key: string | undefined;
      for (const child of frame.children) {
        if (isKey(text, child)) {
          key = String(child.result);
          positions.set(pathKey([...path, key]) + '#key', at(child.start));
          positions.set(pathKey([...path, key]), at(child.start));
        } else if (key !== undefined) {
          const keyPosition = positions.get(pathKey([...path, key]));
          walk(child, [...path, key]);
          // An empty value ("key:" then nothing) has no text of its own: point at its key.
          if (keyPosition !== undefined && text.slice(child.start, child.end).trim() === '') {
            positions.set(pathKey([...path, key]), keyPosition);
          }
          key = undefined;
        }
      }
    } else if (frame.kind === 'sequence') {
      frame.children.forEach((child, index) => {
        walk(child, [...path, index]);
      });
    }
  };
  const document = root.children[0];
  if (document !== undefined) walk(document, []);
  return positions;
}

/** A mapping key is a scalar directly followed by ":" (implicit keys, the only kind answers files use). */
function isKey(text: string, frame: NodeFrame): boolean {
  if (frame.kind !== 'scalar') return false;
  let i = frame.end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text[i] === ':';
}

function skipBlank(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text[i] !== '#') return i;
    while (i < text.length && text[i] !== '\n') i++;
  }
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * js-yaml reports a mis-indented key where the indentation stops making sense, which is the line after
 * the culprit when the first key of a block is the odd one ("host:", " hostname: x", "  timezone: UTC":
 * the block takes one space from hostname and refuses timezone). When the reported line is indented
 * deeper than the line before it, that line is the first key of its block, and no other line of the file
 * has its indentation, that line is the one to fix. Returns its position and both indentations.
 */
export function oddIndentation(
  text: string,
  reportedLine: number,
): { position: Position; indent: number; expected: number } | undefined {
  const lines = text.split('\n');
  const indentOf = (line: string): number => line.length - line.trimStart().length;
  const content = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');
  const previousContent = (index: number): number => {
    let i = index - 1;
    while (i >= 0 && !content(lines[i] ?? '')) i--;
    return i;
  };
  const reported = lines[reportedLine - 1];
  const culprit = previousContent(reportedLine - 1);
  const opener = previousContent(culprit);
  if (reported === undefined || !content(reported) || culprit < 0 || opener < 0) return undefined;
  const [odd, expected] = [indentOf(lines[culprit] ?? ''), indentOf(reported)];
  const opens = /:\s*(#.*)?$/.test(lines[opener] ?? '') && indentOf(lines[opener] ?? '') < odd;
  const alone = lines.filter((l) => content(l) && indentOf(l) === odd).length === 1;
  if (!(expected > odd && opens && alone)) return undefined;
  return { position: { line: culprit + 1, column: odd + 1 }, indent: odd, expected };
}
