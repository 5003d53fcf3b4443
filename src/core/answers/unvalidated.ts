/**
 * Parsing answers that validation has passed: the one parse of network.address, shared by the schema's
 * defaults (./schema.ts) and the model (./model.ts), and the error a consumer gets when handed answers
 * nobody validated.
 */
import type { Subnet } from '../net.js';
import { parseCidr } from '../net.js';

/** Answers that did not come through validation: a bug in the caller, not a problem of the user's. */
export class UnvalidatedAnswersError extends Error {
  override readonly name = 'UnvalidatedAnswersError';
}

/**
 * network.address, parsed: the one parse of it after validation, shared by the schema's defaults
 * (./schema.ts) and deriveModel.
 */
export function hostSubnet(address: string): Subnet {
  return parseCidr(address) ?? throwError(unvalidated('network.address', address));
}

export const unvalidated = (path: string, value: string): UnvalidatedAnswersError =>
  new UnvalidatedAnswersError(`${path} ${JSON.stringify(value)} did not come through validation`);

export const throwError = (error: Error): never => {
  throw error;
};
