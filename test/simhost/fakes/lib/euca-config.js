// How the euca2ools 3.4 and Eucalyptus 4.4 admin tools find a region, its service URL and the caller's
// keys, so that the fakes fail where the real tools would: a missing key, a service URL whose host name
// does not resolve, or a URL that no service answers. Read, not copied, from:
// - eucalyptus/euca2ools maint-3.4 euca2ools/commands/__init__.py (CONFIG_PATHS: /etc/euca2ools/euca2ools.ini,
//   /etc/euca2ools/conf.d/*.ini, ~/.euca/*.ini, each glob sorted, later files overriding earlier ones
//   option by option: one SafeConfigParser reads them all) and eucalyptus/eucalyptus maint-4.4
//   admin-tools/eucalyptus_admin/commands/__init__.py (the admin tools add /etc/eucalyptus-admin/ files);
// - boto/requestbuilder v0.7.1 requestbuilder/mixins/__init__.py (update_config_view: region from --region,
//   then the REGION_ENVVAR, then [global] default-region; user from the region's `user` option),
//   requestbuilder/service.py (__configure_endpoint: the URL env var, then the region's `<service>-url`;
//   validate_config: "No <service> endpoint to connect to was given"; a connection error becomes
//   "connection error (...)"), requestbuilder/auth/aws.py (__populate_auth_args: -I/-S, then
//   AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then the user's key-id/secret-key; else "missing access key ID").
import fs from 'node:fs';
import path from 'node:path';
import { Exit, NotImplemented, hostPath, readHostFile } from './common.js';

const EUCA2OOLS_FILES = ['/etc/euca2ools/euca2ools.ini', '/etc/euca2ools/conf.d/*.ini'];
const ADMIN_FILES = ['/etc/eucalyptus-admin/eucalyptus-admin.ini', '/etc/eucalyptus-admin/conf.d/*.ini'];

/**
 * The services the fakes talk to: the URL environment variable, the REGION_ENVVARs and the 4.4 path of each
 * (euca2ools maint-3.4 commands/<service>/__init__.py; admin-tools commands/{bootstrap,properties}/__init__.py;
 * paths as euca2ools conf/conf.d/localhost.ini lists them).
 */
export const SERVICES = {
  ec2: { env: 'EC2_URL', path: 'compute', admin: false },
  iam: { env: 'AWS_IAM_URL', path: 'Euare', admin: false },
  s3: { env: 'S3_URL', path: 'objectstorage', admin: false },
  sts: { env: 'TOKEN_URL', path: 'Tokens', admin: false },
  cloudformation: { env: 'AWS_CLOUDFORMATION_URL', path: 'CloudFormation', admin: false },
  bootstrap: { env: 'EUCA_BOOTSTRAP_URL', path: 'Empyrean', admin: true },
  properties: { env: 'EUCA_PROPERTIES_URL', path: 'Properties', admin: true },
};

/** The files a suite reads, in order (ConfigParser reads the ones that exist). */
export function configFiles(admin) {
  if (process.env.EUCA_CONFIG_PATH !== undefined) throw new NotImplemented();
  const home = process.env.HOME || '/root';
  const globs = [...EUCA2OOLS_FILES, ...(admin ? ADMIN_FILES : []), `${home}/.euca/*.ini`];
  return globs.flatMap((glob) => {
    if (!glob.endsWith('/*.ini')) return fs.existsSync(hostPath(glob)) ? [glob] : [];
    const dir = glob.slice(0, -'/*.ini'.length);
    let names = [];
    try {
      names = fs.readdirSync(hostPath(dir)).filter((n) => n.endsWith('.ini') && !n.startsWith('.'));
    } catch {
      return [];
    }
    return names.sort().map((n) => path.posix.join(dir, n));
  });
}

/**
 * SafeConfigParser's view of the files: `{ section: { option: value } }`, a later file's option replacing an
 * earlier one. Option names are lower-cased (optionxform). What the fakes do not model fails loudly:
 * continuation lines and `%` interpolation.
 */
export function readConfig(files) {
  const sections = {};
  for (const file of files) {
    let current;
    for (const line of readHostFile(file).split('\n')) {
      if (/^\s*$/.test(line) || /^[;#]/.test(line)) continue;
      if (/^\s/.test(line) || line.includes('%')) throw new NotImplemented();
      const header = /^\[([^\]]+)\]/.exec(line);
      if (header) {
        current = sections[header[1]] ??= {};
        continue;
      }
      const option = /^([^:=\s][^:=]*?)\s*[:=]\s*(.*)$/.exec(line);
      if (!option || current === undefined)
        throw new Exit(1, `${prog()}: error: File contains parsing errors: ${file}`);
      current[option[1].toLowerCase()] = option[2].trim();
    }
  }
  return sections;
}

const prog = () => path.basename(process.argv[1] ?? 'tool');

/** `--region [USER@]REGION` as the tool's argv gives it (requestbuilder RegionConfigurableMixin). */
function regionArg(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--region') return argv[i + 1];
    if (argv[i].startsWith('--region=')) return argv[i].slice('--region='.length);
  }
  return undefined;
}

function parseRegion(text) {
  if (!text) return {};
  if (text.endsWith('@')) return { user: text.slice(0, -1) };
  const at = text.indexOf('@');
  return at < 0 ? { region: text } : { user: text.slice(0, at), region: text.slice(at + 1) };
}

/** A region or user section's option; sections with wildcards or `use` redirections are not modelled. */
function sectionOption(config, kind, name, option) {
  if (name === undefined) return undefined;
  for (const section of Object.keys(config))
    if (section.startsWith(`${kind} `) && section.includes('*')) throw new NotImplemented();
  const value = config[`${kind} ${name}`]?.[option];
  if (value !== undefined && value.startsWith('use ')) throw new NotImplemented();
  return value;
}

/**
 * The region, user, endpoint URL and keys a tool of `service` would use, from its argv, environment and
 * config files. `regionEnv`: the environment variables that name a region (euca2ools: EUCA_DEFAULT_REGION
 * then AWS_DEFAULT_REGION; the admin tools: AWS_DEFAULT_REGION only). Throws Exit as the real tools fail.
 */
export function resolveService(service, argv = process.argv.slice(2)) {
  const spec = SERVICES[service];
  const config = readConfig(configFiles(spec.admin));
  const regionEnv = spec.admin ? ['AWS_DEFAULT_REGION'] : ['EUCA_DEFAULT_REGION', 'AWS_DEFAULT_REGION'];
  const view = parseRegion(regionArg(argv));
  const fromEnv = regionEnv.map((v) => process.env[v]).find(Boolean);
  const env = parseRegion(fromEnv);
  view.region ??= env.region ?? config.global?.['default-region'];
  view.user ??= env.user ?? sectionOption(config, 'region', view.region, 'user');

  const url = process.env[spec.env] || sectionOption(config, 'region', view.region, `${service}-url`);
  if (!url) {
    const regions = Object.keys(config)
      .filter((s) => s.startsWith('region ') && config[s][`${service}-url`] !== undefined)
      .map((s) => s.slice('region '.length));
    throw new Exit(
      1,
      `${prog()}: error: No ${service} endpoint to connect to was given. ` +
        (regions.length > 0
          ? `Configured regions with ${service} endpoints are: ${regions.sort().join(', ')}`
          : `${service} endpoints may be specified in a config file with "${service}-url".`),
    );
  }
  const keys = credentials(config, view.user);
  return { region: view.region, user: view.user, url, ...keys };
}

/** requestbuilder's key sources in order; each must give both halves. */
function credentials(config, user) {
  const envId = process.env.AWS_ACCESS_KEY_ID || process.env.AWS_ACCESS_KEY;
  const envSecret = process.env.AWS_SECRET_ACCESS_KEY || process.env.AWS_SECRET_KEY;
  if (envId && envSecret) return { keyId: envId, secretKey: envSecret };
  if (process.env.AWS_CREDENTIAL_FILE) throw new NotImplemented();
  const keyId = sectionOption(config, 'user', user, 'key-id');
  const secretKey = sectionOption(config, 'user', user, 'secret-key');
  if (keyId && secretKey) return { keyId, secretKey };
  throw new Exit(1, `${prog()}: error: missing access key ID; please supply one with -I`);
}

/**
 * Where a service URL leads: the host name through /etc/hosts (nss "files"; the simulated network has no
 * DNS for the cloud's domain: nothing delegates it to this host), and then whether this host's cloud
 * answers there: an address of this host, port 8773, the service's own path (or / for the
 * `<service>.<domain>` names that only the cloud's DNS would give). Returns nothing; throws Exit.
 */
export function requireReachable(service, url, hostAddresses) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Exit(1, `${prog()}: error: Invalid URL ${JSON.stringify(url)}: No schema supplied`);
  }
  if (parsed.protocol !== 'http:') throw new NotImplemented();
  const address = resolveHost(parsed.hostname);
  if (address === undefined)
    throw new Exit(
      1,
      `${prog()}: error: connection error (Failed to establish a new connection: [Errno -2] Name or service not known)`,
    );
  const local = address.startsWith('127.') || hostAddresses.includes(address);
  if (!local || (parsed.port || '80') !== '8773')
    throw new Exit(1, `${prog()}: error: connection error ([Errno 111] Connection refused)`);
  const expected = `/services/${SERVICES[service].path}`;
  if (parsed.pathname.replace(/\/$/, '') !== expected && parsed.pathname !== '/')
    throw new Exit(
      1,
      `${prog()}: error (404): Not Found: ${parsed.pathname} is not a ${service} service path`,
    );
}

function resolveHost(name) {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return name;
  let hosts = '';
  try {
    hosts = readHostFile('/etc/hosts');
  } catch {
    return undefined;
  }
  for (const line of hosts.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address && names.some((n) => n.toLowerCase() === name.toLowerCase())) return address;
  }
  return undefined;
}
