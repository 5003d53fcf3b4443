/**
 * Command-line flags for answers, generated from a table of answers paths: the flag name from the key
 * (publicIps -> --public-ips), the help from the schema description, choices from the schema enum.
 * Flag values take the same forms as typed answers (lists, ranges, CIDR blocks).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { parseAnswer } from './input-text.js';
import type { Question } from './questions.js';
import { questionFor } from './questions.js';
import type { Tree } from './tree.js';
import { setPath } from './tree.js';

const flagPaths = [
  'release',
  'host.hostname',
  'network.interface',
  'network.address',
  'network.gateway',
  'network.dns',
  'cloud.publicIps',
  'cloud.privateIps',
  'cloud.zone',
  'cloud.dnsDomain',
  'cloud.extraServices',
  'storage.instancePath',
  'storage.blockStorage',
  'storage.dasDevice',
  'host.ntpServers',
] as const;

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

interface Flag {
  question: Question;
  option: Option;
  /** the --no-x twin of a yes/no flag */
  negation?: Option;
}

function flags(): Flag[] {
  return flagPaths.map((key) => {
    const question = questionFor(key);
    if (question === undefined) throw new Error(`answers flag ${key} has no wizard question`);
    const name = kebab(question.path.at(-1) ?? key);
    const help = `${question.description} (answers: ${key})`;
    if (question.kind === 'yesno') {
      return {
        question,
        option: new Option(`--${name}`, help),
        negation: new Option(`--no-${name}`, `the opposite of --${name}`),
      };
    }
    const list = question.kind === 'list' || question.kind === 'ranges';
    const option = new Option(`--${name} <${list ? 'list' : 'value'}>`, help);
    return { question, option: question.kind === 'choice' ? option.choices(question.choices) : option };
  });
}

export function addAnswerFlags(command: Command): Command {
  for (const flag of flags()) {
    command.addOption(flag.option);
    if (flag.negation) command.addOption(flag.negation);
  }
  return command;
}

/** The answers the flags give, as a partial answers tree (flags not given are absent). */
export function answersFromFlags(options: Record<string, unknown>): Tree {
  let tree: Tree = {};
  for (const { question, option } of flags()) {
    const value = options[option.attributeName()];
    if (value === undefined) continue;
    // Strings are typed answers; a yes/no flag arrives as a boolean.
    const answer = typeof value === 'string' ? parseAnswer(question.kind, value, question.nullable) : value;
    tree = setPath(tree, question.path, answer);
  }
  return tree;
}
