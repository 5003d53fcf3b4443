/**
 * Values computed from the answers' model and the release that several templates need. Every field is a
 * getter, so a value is read from the model (and its answers recorded as inputs, see ./track.ts) only
 * when a template reads it.
 */
import type { AnswersModel } from '../answers/model.js';
import type { ReleaseProfile } from '../release/types.js';

/** HTTPS's own port, which a URL leaves out. */
const HTTPS_PORT = 443;

export function renderValues(model: AnswersModel, release: ReleaseProfile) {
  const { answers } = model;
  const net = {
    /** the host address without its prefix length */
    get address() {
      return model.net.address;
    },
    get prefix() {
      return model.net.prefix;
    },
    get network() {
      return model.net.network;
    },
    get netmask() {
      return model.net.netmask;
    },
    get broadcast() {
      return model.net.broadcast;
    },
    get gateway() {
      return model.net.gateway;
    },
    /** the first label of the host name, the alias /etc/hosts gives it */
    get shortName() {
      return answers.host.hostname.split('.')[0] ?? '';
    },
    /**
     * CLOUD_OPTS: the release's own JVM options, then the cloud binds to the host address
     * (docs/EUCALYPTUS-4.4.md §1.3; cookbook set-bind-addr)
     */
    get cloudOpts() {
      return [...release.cloudJvmOptions, `--bind-addr=${model.net.address}`].join(' ');
    },
  };
  const urls = {
    /**
     * Where users reach the console: the HTTPS port in front of it (release.ports), the default port
     * left out, as 4.4 FastStart printed it (docs/EUCALYPTUS-4.4.md §1.5 step 21).
     */
    get console() {
      const port = release.ports.consoleHttps;
      return `https://${model.net.address}${port === HTTPS_PORT ? '' : `:${port}`}/`;
    },
    /** the user-facing services: every API on one port */
    get services() {
      return `http://${model.net.address}:${release.ports.cloud}/`;
    },
    /**
     * Region endpoints by address rather than by service DNS names (ec2.<dnsDomain>), which resolve only
     * once the cloud's DNS is delegated to the host; addresses work from the first minute.
     */
    get region() {
      const { servicesRoot, paths } = release.userServices;
      return paths.map(({ key, path }) => ({
        key,
        url: `http://${model.net.address}:${release.ports.cloud}${servicesRoot}${path}/`,
      }));
    },
  };
  return { net, urls };
}

/**
 * The same values from answers the caller holds without their model: the install plan's entry
 * (src/core/plan/build.ts) until it takes the model.
 */
