/** `--role` of the commands that build a plan; commander refuses any word but a role (exit 2). */
import { Option } from 'commander';
import { roles } from '../core/role.js';

export const roleOption = (defaultText: string): Option =>
  new Option('--role <role>', `what the host is: ciab (all of it), frontend or nc (${defaultText})`).choices(
    roles,
  );
