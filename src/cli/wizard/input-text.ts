/**
 * Typed text to answer values and back. Only the shape changes here (lists split, CIDR blocks turned into
 * ranges, empty into null); whether a value is any good is for validateAnswers to say.
 */
import { formatRange, parseCidr, toNumber } from '../../core/net.js';
import type { QuestionKind } from './questions.js';

/** Commas and/or white space separate list items: "192.168.56.1, 8.8.8.8" or "a b". */
const items = (text: string): string[] => text.split(/[\s,]+/).filter((item) => item !== '');

/**
 * A CIDR block inside the host subnet becomes the range of its addresses ("192.168.56.128/27" ->
 * "192.168.56.128-192.168.56.159"); anything else stays as typed, for the validator to judge.
 */
export function rangeItem(item: string): string {
  if (!item.includes('/')) return item;
  const block = parseCidr(item);
  return block === undefined
    ? item
    : formatRange({ first: toNumber(block.network), last: toNumber(block.broadcast) });
}

export function parseAnswer(kind: QuestionKind, text: string, nullable: boolean): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'list':
      return items(trimmed);
    case 'ranges':
      return items(trimmed).map(rangeItem);
    case 'yesno':
      return /^(y|yes|true)$/i.test(trimmed);
    case 'password':
      // Passwords are taken exactly as typed: spaces may be part of them.
      return text === '' && nullable ? null : text;
    default:
      return trimmed === '' && nullable ? null : trimmed;
  }
}

/** The value as the user would type it: the default shown in a prompt. */
export function answerText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}
