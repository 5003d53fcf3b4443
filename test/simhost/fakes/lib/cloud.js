// The emulated Eucalyptus 4.4 cloud behind the fake admin tools: initialisation, system credentials,
// registered services and their states, cloud properties (euctl), the service image and login profiles.
// Sources (read, not copied): eucalyptus/eucalyptus maint-4.4 tools/clcadmin-initialize-cloud,
// tools/clcadmin-assume-system-credentials, tools/clusteradmin-register-nodes,
// admin-tools/eucalyptus_admin/commands/bootstrap/describeservices.py, .../properties/euctl.py; states per
// docs/EUCALYPTUS-4.4.md (§1.5, §1.8: SC and OSG broken until their backend property is set).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  Exit,
  chownTo,
  config,
  fileExists,
  hostPath,
  loadState,
  readHostFile,
  saveState,
  writeHostFile,
} from './common.js';
import { requireReachable, resolveService } from './euca-config.js';
import { installedDb, installedEucalyptusMajor } from './packages.js';
import { loadUnits, unitReady } from './units.js';

export function loadCloud() {
  return loadState('cloud.json', () => ({
    initialized: false,
    services: [],
    properties: {},
    images: [],
    loginProfiles: [],
  }));
}

export function saveCloud(c) {
  saveState('cloud.json', c);
}

const prog = () => path.basename(process.argv[1] ?? 'tool');

/** The CLC answers on 8773 (eucalyptus-cloud active and past its start-up delay) and its DB on 8777. */
export function requireCloudUp() {
  if (!unitReady('eucalyptus-cloud.service'))
    throw new Exit(1, `${prog()}: error: [Errno 111] Connection refused`);
  const c = loadCloud();
  if (!c.initialized) throw new Exit(1, `${prog()}: error: [Errno 111] Connection refused`);
  return c;
}

/** Which service each fake talks to, by its name (euca-* EC2, euare-* IAM, euserv-* bootstrap, euctl properties). */
function toolService() {
  const me = prog();
  if (me === 'euctl') return 'properties';
  if (me.startsWith('euserv-')) return 'bootstrap';
  if (me.startsWith('euare-')) return 'iam';
  if (me.startsWith('euca-')) return 'ec2';
  throw new Error(`no service known for ${me}`);
}

/** The keys a caller may sign with: the system key and the admin's access keys. */
function knownKey(c, keyId, secretKey) {
  if (keyId === c.accessKey) return secretKey === c.secretKey;
  return (c.accessKeys?.admin ?? []).some((k) => k.id === keyId && k.secret === secretKey);
}

/** The caller's keys checked against the cloud's. */
function requireKnownKey(c, keyId, secretKey) {
  if (!knownKey(c, keyId, secretKey)) {
    throw new Exit(
      1,
      `${prog()}: error (InvalidAccessKeyId): The AWS Access Key Id you provided does not exist in our records.`,
    );
  }
}

/**
 * requestbuilder's region, endpoint and key lookup (./euca-config.js), then the connection to the endpoint,
 * then the cloud's key check. `service` defaults to the one the tool's name implies.
 */
export function requireCredentials(service = toolService()) {
  const call = resolveService(service);
  return requireEndpoint(service, call.url, call.keyId, call.secretKey);
}

function requireEndpoint(service, url, keyId, secretKey) {
  const bound = loadCloud().clcHost;
  requireReachable(service, url, bound === undefined ? [] : [bound]);
  const c = requireCloudUp();
  requireKnownKey(c, keyId, secretKey);
  return c;
}

/**
 * The esi-* tools (eucalyptus-service-image esitoolsupport/esibase.py, EsiBase): the region is --region, else
 * AWS_DEFAULT_REGION, else "localhost"; URLs and keys come from `euca-generate-environment-config --simple
 * --region REGION` (euca2ools misc/generateenvironment.py: each URL from its env var, else the region's
 * <service>-url; keys as requestbuilder finds them), and check_environment stops without EC2_URL, AWS_IAM_URL
 * or the keys. `services`: the endpoints the tool then calls.
 */
export function requireEsiCredentials(services) {
  const argv = process.argv.slice(2);
  const region = argv.includes('--region')
    ? argv[argv.indexOf('--region') + 1]
    : process.env.AWS_DEFAULT_REGION || 'localhost';
  const resolved = {};
  try {
    for (const service of new Set(['ec2', 'iam', ...services]))
      resolved[service] = resolveService(service, ['--region', region]);
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    throw new Exit(
      1,
      'Error: Unable to find EC2_URL, AWS_IAM_URL, AWS_ACCESS_KEY_ID, or AWS_SECRET_ACCESS_KEY\nMake sure your environment is properly configured.',
    );
  }
  let c;
  for (const [service, call] of Object.entries(resolved))
    c = requireEndpoint(service, call.url, call.keyId, call.secretKey);
  return c;
}

function pem(kind) {
  return `-----BEGIN ${kind}-----\n${crypto.randomBytes(48).toString('base64')}\n-----END ${kind}-----\n`;
}

function putKey(p, text) {
  writeHostFile(p, text, 0o600);
  chownTo(p, 'eucalyptus');
}

// --- clcadmin-initialize-cloud ----------------------------------------------------------------------

export function initializeCloud() {
  const me = prog();
  if (!fileExists('/etc/eucalyptus/eucalyptus.conf')) {
    throw new Exit(1, `${me}: cannot access //etc/eucalyptus/eucalyptus.conf: No such file or directory`);
  }
  if (installedDb()['eucalyptus-cloud'] === undefined)
    throw new Exit(1, `${me}: //usr/sbin/eucalyptus-cloud does not exist`);
  const c = loadCloud();
  if (loadUnits()['eucalyptus-cloud.service']?.active) {
    throw new Exit(
      1,
      `eucalyptus-cloud --initialize: the database directory /var/lib/eucalyptus/db is in use by a running eucalyptus-cloud\n/usr/sbin/${me}: cloud initialization failed`,
    );
  }
  if (c.initialized || fileExists('/var/lib/eucalyptus/db/data')) {
    throw new Exit(
      1,
      `eucalyptus-cloud --initialize: the database in /var/lib/eucalyptus/db/data already exists\n/usr/sbin/${me}: cloud initialization failed`,
    );
  }
  const wait = config().initializeMs ?? 0;
  if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
  const conf = readHostFile('/etc/eucalyptus/eucalyptus.conf');
  const bind = /^CLOUD_OPTS=.*--bind-addr=([0-9.]+)/m.exec(conf);
  fs.mkdirSync(hostPath('/var/lib/eucalyptus/db/data'), { recursive: true });
  chownTo('/var/lib/eucalyptus/db', 'eucalyptus');
  chownTo('/var/lib/eucalyptus/db/data', 'eucalyptus');
  putKey('/var/lib/eucalyptus/db/data/server.crt', pem('CERTIFICATE'));
  putKey('/var/lib/eucalyptus/keys/cloud-cert.pem', pem('CERTIFICATE'));
  putKey('/var/lib/eucalyptus/keys/cloud-pk.pem', pem('RSA PRIVATE KEY'));
  putKey('/var/lib/eucalyptus/keys/euca.p12', crypto.randomBytes(64).toString('base64') + '\n');
  c.initialized = true;
  c.clcHost = bind ? bind[1] : '127.0.0.1';
  c.accessKey = 'AKI' + crypto.randomBytes(10).toString('hex').toUpperCase();
  c.secretKey = crypto
    .randomBytes(30)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 40);
  c.accountId = String(100000000000 + crypto.randomInt(0, 899999999999)).slice(0, 12);
  c.properties = {};
  saveCloud(c);
  return 0;
}

export function assumeSystemCredentials() {
  const me = prog();
  const c = loadCloud();
  if (!c.initialized || !unitReady('eucalyptus-cloud.service')) {
    throw new Exit(
      1,
      `psql: could not connect to server: Connection refused\n\tIs the server running on host "127.0.0.1" and accepting\n\tTCP/IP connections on port 8777?\n/usr/sbin/${me}: failed to obtain access keys`,
    );
  }
  return [
    'export AWS_IAM_URL=http://127.0.0.1:8773/services/Euare;',
    'export EUCA_BOOTSTRAP_URL=http://127.0.0.1:8773/services/Empyrean;',
    'export EUCA_PROPERTIES_URL=http://127.0.0.1:8773/services/Properties;',
    `export AWS_ACCESS_KEY_ID="${c.accessKey}";`,
    `export AWS_ACCESS_KEY="${c.accessKey}";`,
    `export EC2_ACCESS_KEY="${c.accessKey}";`,
    `export AWS_SECRET_ACCESS_KEY="${c.secretKey}";`,
    `export AWS_SECRET_KEY="${c.secretKey}";`,
    `export EC2_SECRET_KEY="${c.secretKey}";`,
    'unset AWS_CREDENTIAL_FILE;',
    'unset AWS_SESSION_TOKEN;',
    'unset AWS_SECURITY_TOKEN;',
    'unset EC2_USER_ID;',
    '',
    '# These are automatic CLC admin credentials generated on',
    `# ${new Date().toUTCString()}.`,
    '#',
    '# If you can read this, rerun this program with eval:',
    `#     eval \`/usr/sbin/${me}\``,
  ].join('\n');
}

// --- services ---------------------------------------------------------------------------------------

// Service types a `user-api` registration brings up on the UFS host (4.4 user-facing services).
const USER_API_MEMBERS = [
  'autoscaling',
  'cloudformation',
  'cloudwatch',
  'compute',
  'euare',
  'imaging',
  'loadbalancing',
  'objectstorage',
  'simpleworkflow',
  'tokens',
];
export const REGISTRABLE = ['user-api', 'walrusbackend', 'cluster', 'storage'];
const ZONED = ['cluster', 'storage'];

const PROVIDER_CLIENTS = ['walrus', 's3', 'riakcs', 'ceph-rgw'];
const BLOCK_MANAGERS = ['overlay', 'das', 'ceph-rbd', 'netapp', 'equallogic', 'emc-vnx'];

/** One row per service instance: { type, zone, name, host, state } in the cloud's current condition. */
export function serviceRows(c) {
  const rows = [
    {
      type: 'eucalyptus',
      zone: 'eucalyptus',
      name: c.clcHost ?? '127.0.0.1',
      host: c.clcHost,
      state: 'enabled',
    },
  ];
  const notReadyFor = config().serviceDelayMs ?? 0;
  const units = loadUnits();
  const prop = (n) => effectiveProperties(c)[n];
  for (const s of c.services) {
    const young = Date.now() - Date.parse(s.registeredAt) < notReadyFor;
    const types = s.type === 'user-api' ? USER_API_MEMBERS : [s.type];
    for (const type of types) {
      let state = 'enabled';
      if (type === 'objectstorage') {
        const pc = prop('objectstorage.providerclient');
        const walrusOk = pc !== 'walrus' || c.services.some((x) => x.type === 'walrusbackend');
        state = PROVIDER_CLIENTS.includes(pc) && walrusOk ? 'enabled' : 'broken';
      } else if (type === 'storage') {
        const bsm = prop(`${s.zone}.storage.blockstoragemanager`);
        const tgtd = units['tgtd.service']?.active;
        state = BLOCK_MANAGERS.includes(bsm) && (bsm !== 'overlay' || tgtd) ? 'enabled' : 'broken';
      } else if (type === 'cluster') {
        state = unitReady('eucalyptus-cluster.service') ? 'enabled' : 'notready';
      }
      if (young) state = 'notready';
      rows.push({ type, zone: ZONED.includes(type) ? s.zone : s.name, name: s.name, host: s.host, state });
    }
  }
  return rows;
}

export function registerService(c, { type, host, zone, name }) {
  if (c.services.some((s) => s.name === name)) {
    throw new Exit(1, `${prog()}: error (InvalidParameterValue): Component with name=${name} already exists`);
  }
  if (ZONED.includes(type) && !zone) {
    throw new Exit(
      1,
      `${prog()}: error (InvalidParameterValue): an availability zone is required for service type ${type}`,
    );
  }
  if (type === 'storage' && !c.services.some((s) => s.type === 'cluster' && s.zone === zone)) {
    throw new Exit(
      1,
      `${prog()}: error (InvalidParameterValue): no cluster is registered in availability zone ${zone}`,
    );
  }
  c.services.push({
    type,
    host,
    zone: ZONED.includes(type) ? zone : undefined,
    name,
    registeredAt: new Date().toISOString(),
  });
  if (type === 'cluster') {
    // The CLC generates the zone's keys when a cluster registers (clcadmin-copy-keys then copies them).
    for (const f of ['cluster-cert.pem', 'cluster-pk.pem', 'node-cert.pem', 'node-pk.pem', 'vtunpass']) {
      putKey(
        `/var/lib/eucalyptus/keys/${zone}/${f}`,
        f.endsWith('.pem') ? pem(f.includes('pk') ? 'RSA PRIVATE KEY' : 'CERTIFICATE') : 'simhost\n',
      );
    }
    chownTo(`/var/lib/eucalyptus/keys/${zone}`, 'eucalyptus');
  }
  saveCloud(c);
}

export function deregisterService(c, name) {
  const i = c.services.findIndex((s) => s.name === name);
  if (i < 0) throw new Exit(1, `${prog()}: error (InvalidParameterValue): no such service: ${name}`);
  c.services.splice(i, 1);
  saveCloud(c);
}

// --- properties -------------------------------------------------------------------------------------

const GLOBAL_DEFAULTS = {
  'bootstrap.webservices.use_dns_delegation': 'false',
  'bootstrap.webservices.use_instance_dns': 'false',
  'cloud.network.network_configuration': '',
  'objectstorage.providerclient': '',
  'services.imaging.worker.configured': 'false',
  'services.imaging.worker.image': 'NULL',
  'services.loadbalancing.worker.image': 'NULL',
  'services.loadbalancing.dns_subdomain': 'lb',
  'system.dns.dnsdomain': 'localhost',
  'system.dns.nameserveraddress': '127.0.0.1',
  'authentication.access_keys_limit': '2',
  'authentication.signing_certificates_limit': '2',
};

/**
 * Every property that exists now: zone properties only once a storage controller is in the zone, and the
 * DAS ones only once the zone's manager is das (eucalyptus maint-4.4 DASInfo.java is a deferred
 * @ConfigurableClass: its properties appear when the DAS backend is chosen).
 */
export function effectiveProperties(c) {
  const all = { ...GLOBAL_DEFAULTS };
  // Eucalyptus 5 names its region (ats-deploy roles/cloud/tasks/main.yml sets it); 4.4 has no such property.
  if (installedEucalyptusMajor() === '5') all['region.region_name'] = '';
  for (const s of c.services.filter((x) => x.type === 'storage')) {
    all[`${s.zone}.storage.blockstoragemanager`] = 'unset';
    if (c.properties[`${s.zone}.storage.blockstoragemanager`] === 'das')
      all[`${s.zone}.storage.dasdevice`] = '';
  }
  for (const [k, v] of Object.entries(c.properties)) if (k in all) all[k] = v;
  return all;
}

const BOOLEAN =
  /^(bootstrap\.webservices\.use_(dns_delegation|instance_dns)|services\.imaging\.worker\.configured)$/;

/** Sets a property the way the CLC validates it; throws Exit with the server's complaint. */
export function setProperty(c, name, value) {
  const all = effectiveProperties(c);
  const fail = (why) => {
    throw new Exit(1, `euctl: error (InvalidParameterValue): Failed to set ${name}: ${why}`);
  };
  if (!(name in all)) fail('no such property');
  if (BOOLEAN.test(name) && !['true', 'false'].includes(value.toLowerCase()))
    fail(`invalid boolean value: ${value}`);
  if (name === 'objectstorage.providerclient' && !PROVIDER_CLIENTS.includes(value))
    fail(`invalid value ${value}; valid: ${PROVIDER_CLIENTS.join(', ')}`);
  if (name.endsWith('.storage.blockstoragemanager')) {
    if (!BLOCK_MANAGERS.includes(value)) fail(`invalid value ${value}; valid: ${BLOCK_MANAGERS.join(', ')}`);
    if (all[name] !== 'unset' && all[name] !== value)
      fail('the block storage manager cannot be changed once set');
  }
  if (name === 'cloud.network.network_configuration') {
    const problem = validateNetworkConfiguration(value, c);
    if (problem) fail(problem);
  }
  c.properties[name] = BOOLEAN.test(name) ? value.toLowerCase() : value;
  saveCloud(c);
}

// --- capacity and the imaging worker instance ---------------------------------------------------------

/** 4.4's enabled instance types: name, cpus, memory (MiB), disk (GiB). */
const INSTANCE_TYPES_44 = [
  ['m1.small', 1, 256, 5],
  ['t1.micro', 1, 256, 5],
  ['m1.medium', 1, 512, 10],
  ['c1.medium', 2, 512, 10],
  ['m1.large', 2, 512, 10],
];
/**
 * Eucalyptus 5 enables the M5 and T2 families and disables M1 (Corymbia/eucalyptus maint-5
 * tools/cf-templates/ec2-instance-types-general.yaml; AppScale/ats-deploy README, enable_M1_instances: False).
 * Sizes as AWS publishes them for these types; the disks are the fake's own.
 */
const INSTANCE_TYPES_5 = [
  ['t2.nano', 1, 512, 5],
  ['t2.micro', 1, 1024, 10],
  ['t2.small', 1, 2048, 10],
  ['t2.medium', 2, 4096, 10],
  ['m5.large', 2, 8192, 20],
];

/** The instance types the installed cloud has enabled. */
export function enabledInstanceTypes() {
  return installedEucalyptusMajor() === '5' ? INSTANCE_TYPES_5 : INSTANCE_TYPES_44;
}

/** The type the imaging worker instance runs as: an enabled one (m1.small in 4.4; M1 is disabled in 5). */
export function imagingWorkerType() {
  return installedEucalyptusMajor() === '5' ? 't2.small' : 'm1.small';
}

/** Free instance slots in the zone: non-zero only when NODES has an address and eucalyptus-node answers. */
export function instanceSlots() {
  return registeredNodes().length > 0 && unitReady('eucalyptus-node.service') ? 4 : 0;
}

/** The node controllers registered with the cluster: NODES= of eucalyptus.conf (clusteradmin-register-nodes). */
export function registeredNodes() {
  const conf = fileExists('/etc/eucalyptus/eucalyptus.conf')
    ? readHostFile('/etc/eucalyptus/eucalyptus.conf')
    : '';
  return /^NODES="?([^"\n]*)"?/m.exec(conf)?.[1].trim().split(/\s+/).filter(Boolean) ?? [];
}

/** Public addresses of the EDGE configuration not held by other instances (config.json `publicIpsInUse`). */
export function freePublicIps(c) {
  let cfg;
  try {
    cfg = parseNetworkConfiguration(effectiveProperties(c)['cloud.network.network_configuration']);
  } catch {
    return 0;
  }
  const total = (cfg.PublicIps ?? []).reduce((n, item) => {
    const [a, b] = String(item).split('-');
    return n + (b === undefined ? 1 : ipToInt(b) - ipToInt(a) + 1);
  }, 0);
  return Math.max(0, total - (config().publicIpsInUse ?? 0));
}

/**
 * The imaging stack's auto scaling group launches one worker instance (eucalyptus maint-4.4 imaging-backend
 * worker-cf-template.json: MinSize = DesiredCapacity = NumberOfWorkers, tags Name=euca-internal-imaging-workers
 * and service-type=imaging, propagated at launch) in the imaging system account.
 */
export function launchImagingWorker(c) {
  c.imagingWorker = {
    id: 'i-' + crypto.randomBytes(4).toString('hex'),
    reservation: 'r-' + crypto.randomBytes(4).toString('hex'),
    owner: String(100000000000 + crypto.randomInt(0, 899999999999)).slice(0, 12),
    launchedAt: new Date().toISOString(),
  };
}

/**
 * pending, then running once it has booted (config.json `imagingWorkerBootMs`, default 1000) - but only with
 * a free public address and a free instance slot; without them it stays pending (4.4 admin guide,
 * ts_img_worker: "Not enough resources available: addresses").
 */
export function imagingWorkerState(c) {
  const booted =
    Date.now() - Date.parse(c.imagingWorker.launchedAt) >= (config().imagingWorkerBootMs ?? 1000);
  return booted && freePublicIps(c) > 0 && instanceSlots() > 0 ? 'running' : 'pending';
}

// --- EDGE network configuration (docs/EUCALYPTUS-4.4.md §1.4: NetworkConfiguration.groovy validation rules) ---------

function ipToInt(ip) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(String(ip));
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function ipsOrRanges(list, what) {
  if (!Array.isArray(list)) return `${what} must be a list`;
  for (const item of list) {
    const [a, b, extra] = String(item).split('-');
    if (extra !== undefined || ipToInt(a) === undefined || (b !== undefined && ipToInt(b) === undefined)) {
      return `invalid ${what} entry: ${item}`;
    }
    if (b !== undefined && ipToInt(b) < ipToInt(a)) return `invalid ${what} range: ${item}`;
  }
  return undefined;
}

function subnetProblem(s, where) {
  if (typeof s !== 'object' || s === null) return `${where}: subnet must be an object`;
  for (const k of ['Subnet', 'Netmask', 'Gateway']) if (!s[k]) return `${where}: ${k} is required`;
  const net = ipToInt(s.Subnet);
  const mask = ipToInt(s.Netmask);
  const gw = ipToInt(s.Gateway);
  if (net === undefined || mask === undefined || gw === undefined) return `${where}: invalid address`;
  if (!/^1*0*$/.test(mask.toString(2).padStart(32, '0'))) return `${where}: invalid netmask ${s.Netmask}`;
  if ((net & mask) >>> 0 !== net) return `${where}: subnet ${s.Subnet} does not match netmask ${s.Netmask}`;
  if ((gw & mask) >>> 0 !== net || gw === net)
    return `${where}: gateway ${s.Gateway} is not a host of subnet ${s.Subnet}`;
  return undefined;
}

function inSubnet(range, s) {
  const mask = ipToInt(s.Netmask);
  const net = ipToInt(s.Subnet);
  return String(range)
    .split('-')
    .every((ip) => (ipToInt(ip) & mask) >>> 0 === net);
}

/**
 * The network configuration as the installed cloud reads it: 4.4 takes JSON only; 5 takes JSON when the text
 * "might be JSON" (starts with `{`), else YAML (Corymbia/eucalyptus maint-5 NetworkConfigurationApi.parse).
 * Throws with the parser's complaint.
 */
export function parseNetworkConfiguration(text) {
  if (installedEucalyptusMajor() === '5' && !text.trimStart().startsWith('{')) return parseYamlSubset(text);
  return JSON.parse(text);
}

/**
 * The YAML the eucalyptus-5 profile writes, and nothing else: block mappings and sequences by indentation,
 * every scalar in flow JSON form (strings quoted, lists as [..]), `#` comment lines. Anything else fails
 * loudly, so a change of the template's form shows up here rather than passing unread.
 */
function parseYamlSubset(text) {
  const lines = text
    .split('\n')
    .map((raw, i) => ({ raw, no: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'));
  let at = 0;
  const fail = (line, why) => {
    throw new Error(
      `simhost fake YAML: not implemented: line ${line.no} ${JSON.stringify(line.raw)}: ${why}`,
    );
  };
  const indentOf = (raw) => raw.length - raw.trimStart().length;
  function block(indent) {
    const first = lines[at];
    if (first.raw.slice(indent).startsWith('- ')) {
      const list = [];
      while (
        at < lines.length &&
        indentOf(lines[at].raw) === indent &&
        lines[at].raw.slice(indent).startsWith('- ')
      ) {
        // "- Key: value" opens a mapping whose keys sit two columns in
        lines[at] = { ...lines[at], raw: `${' '.repeat(indent + 2)}${lines[at].raw.slice(indent + 2)}` };
        list.push(block(indent + 2));
      }
      return list;
    }
    const map = {};
    while (at < lines.length && indentOf(lines[at].raw) === indent) {
      const line = lines[at];
      const pair = /^([A-Za-z][A-Za-z0-9]*):(?: (.*))?$/.exec(line.raw.slice(indent));
      if (!pair) fail(line, 'not a "Key: value" line');
      at++;
      if (pair[2] === undefined) {
        // the value is the indented block below, or a sequence at the key's own indentation
        const next = lines[at];
        const nested =
          next !== undefined &&
          (indentOf(next.raw) > indent ||
            (indentOf(next.raw) === indent && next.raw.slice(indent).startsWith('- ')));
        if (!nested) fail(line, 'a key without a value');
        map[pair[1]] = block(indentOf(next.raw));
      } else {
        try {
          map[pair[1]] = JSON.parse(pair[2]);
        } catch {
          fail(line, 'a value that is not in flow JSON form');
        }
      }
    }
    if (at < lines.length && indentOf(lines[at].raw) > indent) fail(lines[at], 'unexpected indentation');
    return map;
  }
  if (lines.length === 0) throw new Error('simhost fake YAML: empty document');
  const doc = block(indentOf(lines[0].raw));
  if (at < lines.length) fail(lines[at], 'unexpected indentation');
  return doc;
}

export function validateNetworkConfiguration(text, c) {
  let cfg;
  try {
    cfg = parseNetworkConfiguration(text);
  } catch (e) {
    return installedEucalyptusMajor() === '5' ? e.message : `invalid JSON: ${e.message}`;
  }
  if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg))
    return 'the configuration must be a JSON object';
  const mode = cfg.Mode ?? 'EDGE';
  if (mode !== 'EDGE') return `unsupported mode ${mode}`;
  if (cfg.ManagedSubnet !== undefined) return 'ManagedSubnet is not valid in EDGE mode';
  if (cfg.InstanceDnsServers !== undefined) {
    if (
      !Array.isArray(cfg.InstanceDnsServers) ||
      cfg.InstanceDnsServers.some((ip) => ipToInt(ip) === undefined)
    ) {
      return 'invalid InstanceDnsServers';
    }
  }
  if (cfg.MacPrefix !== undefined && !/^[0-9a-fA-F]{2}:[0-9a-fA-F]{2}$/.test(cfg.MacPrefix))
    return `invalid MacPrefix ${cfg.MacPrefix}`;
  if (cfg.PublicIps === undefined) return 'PublicIps is required';
  const pub = ipsOrRanges(cfg.PublicIps, 'PublicIps');
  if (pub) return pub;
  if (cfg.PrivateIps !== undefined) {
    const p = ipsOrRanges(cfg.PrivateIps, 'PrivateIps');
    if (p) return p;
  }
  const subnets = cfg.Subnets ?? [];
  if (!Array.isArray(subnets)) return 'Subnets must be a list';
  for (const s of subnets) {
    const p = subnetProblem(s, `subnet ${s?.Name ?? ''}`);
    if (p) return p;
  }
  if (!Array.isArray(cfg.Clusters) || cfg.Clusters.length === 0) return 'Clusters is required';
  const zones = c.services.filter((s) => s.type === 'cluster').map((s) => s.zone);
  for (const cl of cfg.Clusters) {
    if (!cl?.Name) return 'cluster Name is required';
    if (!zones.includes(cl.Name)) return `cluster ${cl.Name} is not a registered availability zone`;
    if (cl.Subnet === undefined && subnets.length !== 1) return `cluster ${cl.Name}: Subnet is required`;
    const subnet = cl.Subnet ?? subnets[0];
    const p = subnetProblem(subnet, `cluster ${cl.Name}`);
    if (p) return p;
    if (cl.PrivateIps !== undefined) {
      const q = ipsOrRanges(cl.PrivateIps, `cluster ${cl.Name} PrivateIps`);
      if (q) return q;
      const outside = cl.PrivateIps.find((r) => !inSubnet(r, subnet));
      if (outside !== undefined) return `cluster ${cl.Name}: private IPs ${outside} are outside its subnet`;
    }
    if (cl.MacPrefix !== undefined && !/^[0-9a-fA-F]{2}:[0-9a-fA-F]{2}$/.test(cl.MacPrefix))
      return `invalid MacPrefix ${cl.MacPrefix}`;
  }
  return undefined;
}
