/**
 * Values computed from the answers that several templates need. Every field is a getter, so a value is
 * computed (and its answers recorded as inputs, see ./track.ts) only when a template reads it.
 */
import type { Answers } from '../answers/schema.js';
import { parseCidr } from '../net.js';
import type { ReleaseProfile } from '../release/types.js';

/**
 * Service paths of Eucalyptus 4.4's user-facing services on port 8773, as euca2ools' own
 * conf/conf.d/localhost.ini (eucalyptus/euca2ools branch maint-3.4) lists them for 127.0.0.1.
 */
const servicePaths: readonly [string, string][] = [
  ['autoscaling-url', 'AutoScaling'],
  ['cloudformation-url', 'CloudFormation'],
  ['ec2-url', 'compute'],
  ['elasticloadbalancing-url', 'LoadBalancing'],
  ['iam-url', 'Euare'],
  ['monitoring-url', 'CloudWatch'],
  ['s3-url', 'objectstorage'],
  ['sts-url', 'Tokens'],
  ['bootstrap-url', 'Empyrean'],
  ['properties-url', 'Properties'],
  ['reporting-url', 'Reporting'],
];

export function derive(answers: Answers, release: ReleaseProfile) {
  const subnet = () => {
    const parsed = parseCidr(answers.network.address);
    if (parsed === undefined) throw new Error(`network.address ${answers.network.address} is not validated`);
    return parsed;
  };
  const net = {
    /** the host address without its prefix length */
    get address() {
      return subnet().address;
    },
    get prefix() {
      return subnet().prefix;
    },
    get network() {
      return subnet().network;
    },
    get netmask() {
      return subnet().netmask;
    },
    get broadcast() {
      return subnet().broadcast;
    },
    get gateway() {
      return answers.network.gateway;
    },
    /** the first label of the host name, the alias /etc/hosts gives it */
    get shortName() {
      return answers.host.hostname.split('.')[0] ?? '';
    },
    /** CLOUD_OPTS: the cloud binds to the host address (docs/EUCALYPTUS-4.4.md §1.3; cookbook set-bind-addr) */
    get cloudOpts() {
      return `--bind-addr=${subnet().address}`;
    },
  };
  const urls = {
    /**
     * Where users reach the console: nginx's HTTPS port in front of it (release.ports), the default port
     * left out, as 4.4 FastStart printed it (docs/EUCALYPTUS-4.4.md §1.5 step 21).
     */
    get console() {
      const port = release.ports.consoleHttps;
      return `https://${subnet().address}${port === 443 ? '' : `:${port}`}/`;
    },
    /** the user-facing services: every API on one port */
    get services() {
      return `http://${subnet().address}:${release.ports.cloud}/`;
    },
    /**
     * Region endpoints by address rather than by service DNS names (ec2.<dnsDomain>), which resolve only
     * once the cloud's DNS is delegated to the host; addresses work from the first minute.
     */
    get region() {
      return servicePaths.map(([key, path]) => ({
        key,
        url: `http://${subnet().address}:${release.ports.cloud}/services/${path}/`,
      }));
    },
  };
  return { net, urls };
}
