/**
 * Value rules shared by the schema and the cross-field checks. Each returns undefined when the value is
 * fine, or a sentence that says what is wrong and what would work.
 */
import { isIPv4, parseCidr, parseRange } from '../net.js';

const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** RFC 1123 host name: labels of 1-63 letters, digits and inner hyphens; at most 253 characters. */
export function hostnameProblem(value: string, { fqdn }: { fqdn: boolean }): string | undefined {
  if (value.length > 253) return `is ${value.length} characters long; a host name has at most 253`;
  const labels = value.split('.');
  const bad = labels.find((l) => !label.test(l));
  if (bad !== undefined) {
    return bad.length > 63
      ? `has a label of ${bad.length} characters ("${bad.slice(0, 20)}..."); each label has at most 63`
      : `is not a valid host name: each dot-separated label takes letters, digits and inner hyphens only`;
  }
  if (fqdn && labels.length < 2) return 'must be a fully qualified name with a domain, e.g. ciab.example.lan';
  return undefined;
}

/** Linux refuses interface names over 15 characters (IFNAMSIZ 16 with the NUL) and outside this set. */
export function interfaceNameProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 15) return 'must be 1 to 15 characters long (a Linux limit)';
  if (!/^[A-Za-z0-9_.-]+$/.test(value) || value === '.' || value === '..') {
    return 'may contain only letters, digits, "_", "." and "-"';
  }
  return undefined;
}

export function ipOrHostnameProblem(value: string): string | undefined {
  if (isIPv4(value)) return undefined;
  if (/^[\d.]+$/.test(value)) return 'is not a valid IPv4 address';
  return hostnameProblem(value, { fqdn: false }) === undefined
    ? undefined
    : 'is neither an IPv4 address nor a valid host name';
}

export function cidrProblem(value: string): string | undefined {
  const subnet = parseCidr(value);
  if (subnet === undefined) return cidrFormProblem(value);
  if (subnet.prefix > 30)
    return 'has a prefix longer than /30, which leaves no room for a gateway and instances';
  return undefined;
}

/** What is wrong with text that is not "address/prefix": the prefix, a number of the address, or the form. */
function cidrFormProblem(value: string): string {
  const generic = 'is not an IPv4 address with a prefix length, e.g. 192.168.56.10/24';
  const [address = '', prefix, ...more] = value.split('/');
  if (more.length > 0) return generic;
  if (prefix === undefined)
    return isIPv4(address) ? `has no prefix length; add it, e.g. ${address}/24` : generic;
  if (!/^\d+$/.test(prefix)) return `has "${prefix}" as its prefix length; give a number of bits, e.g. /24`;
  if (Number(prefix) > 32) return `has the prefix /${prefix}; an IPv4 prefix is at most /32 (e.g. /24)`;
  const numbers = address.split('.');
  if (numbers.length !== 4 || numbers.some((n) => !/^\d+$/.test(n)))
    return `has "${address}" as its address; an IPv4 address is four numbers 0 to 255, e.g. 192.168.56.10`;
  const position = ['first', 'second', 'third', 'fourth'];
  const wrong = numbers.findIndex((n) => Number(n) > 255);
  if (wrong >= 0)
    return `has ${numbers[wrong] ?? ''} as the ${position[wrong] ?? ''} number of its address; each is 0 to 255`;
  const padded = numbers.find((n) => n.length > 1 && n.startsWith('0'));
  if (padded !== undefined) return `has ${padded} in its address; write the number without leading zeros`;
  return generic;
}

export function ipRangeProblem(value: string): string | undefined {
  if (parseRange(value) !== undefined) return undefined;
  const [from, to] = value.split('-');
  if (to !== undefined && from !== undefined && isIPv4(from) && isIPv4(to)) {
    return 'runs backwards; write the lower address first, e.g. 192.168.56.100-192.168.56.119';
  }
  return 'is neither an IPv4 address nor a range "first-last", e.g. 192.168.56.100-192.168.56.119';
}

/** A path that is safe to put anywhere: absolute, no "..", only characters no shell treats specially. */
export function safePathProblem(value: string): string | undefined {
  if (!value.startsWith('/')) return 'must be an absolute path (start with /)';
  if (value.split('/').includes('..')) return 'must not contain ".."';
  if (/\s/.test(value)) return 'must not contain white space';
  if (!/^[A-Za-z0-9._/-]+$/.test(value)) return 'may contain only letters, digits, "/", ".", "_" and "-"';
  return undefined;
}

export function repositoryUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL, e.g. http://mirror.example.lan/eucalyptus/4.4/';
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) {
    return `uses ${url.protocol.slice(0, -1)}; yum takes http, https or file URLs`;
  }
  if (/[\s"'`$\\]/.test(value)) return 'must not contain white space, quotes, "$" or backslashes';
  return undefined;
}

export function timezoneProblem(value: string): string | undefined {
  return value === 'UTC' || Intl.supportedValuesOf('timeZone').includes(value)
    ? undefined
    : 'is not a known time zone; use a name from the tz database such as UTC or Europe/Berlin';
}
