import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIpAddrJson, parseIpAddrText } from '../../src/core/facts/ip-addr.js';
import { parseIpNeighJson, parseIpNeighText } from '../../src/core/facts/ip-neigh.js';
import { parseIpRouteJson, parseIpRouteText } from '../../src/core/facts/ip-route.js';
import { fixture } from './fixture.js';

describe('ip addr', () => {
  it('reads a CentOS 7 host with a static eth0 (iproute 4.11 text)', () => {
    const links = parseIpAddrText(fixture('ip/addr-centos7-eth0-static.txt'));
    assert.deepEqual(
      links.map((l) => l.name),
      ['lo', 'eth0', 'eth1', 'virbr0', 'virbr0-nic'],
    );
    const eth0 = links[1]!;
    assert.equal(eth0.mac, '08:00:27:8a:3c:11');
    assert.equal(eth0.up, true);
    assert.equal(eth0.operState, 'UP');
    assert.equal(eth0.mtu, 1500);
    assert.deepEqual(eth0.addresses[0], {
      family: 'inet',
      address: '192.168.56.10',
      prefix: 24,
      broadcast: '192.168.56.255',
      scope: 'global',
      label: 'eth0',
      dynamic: false,
      secondary: false,
    });
    assert.equal(eth0.addresses[1]?.family, 'inet6');
    assert.equal(eth0.addresses[1].scope, 'link');
    assert.equal(eth0.addresses[1].label, undefined);
    assert.equal(links[2]!.up, false);
    assert.equal(links[2]!.addresses.length, 0);
    assert.equal(links[4]?.master, 'virbr0');
    assert.equal(links[0]?.linkType, 'loopback');
  });

  it('reads a bridged CentOS 7 host: em1 and vnet0 are ports of br0, which holds the address', () => {
    const links = parseIpAddrText(fixture('ip/addr-centos7-br0.txt'));
    const byName = new Map(links.map((l) => [l.name, l]));
    assert.equal(byName.get('em1')?.master, 'br0');
    assert.equal(byName.get('vnet0')?.master, 'br0');
    assert.equal(byName.get('em1')?.addresses.length, 0);
    assert.equal(byName.get('em2')?.lowerUp, false);
    assert.deepEqual(
      byName
        .get('br0')
        ?.addresses.filter((a) => a.family === 'inet')
        .map((a) => `${a.address}/${a.prefix}`),
      ['10.1.1.20/24'],
    );
  });

  it('reads a DHCP host with a secondary alias, a VLAN and a point-to-point tunnel', () => {
    const links = parseIpAddrText(fixture('ip/addr-centos7-dhcp.txt'));
    const eth0 = links.find((l) => l.name === 'eth0')!;
    assert.equal(eth0.addresses[0]?.dynamic, true);
    assert.equal(eth0.addresses[0].secondary, false);
    assert.equal(eth0.addresses[1]!.secondary, true);
    assert.equal(eth0.addresses[1]!.label, 'eth0:1');
    const vlan = links.find((l) => l.name === 'eth0.100')!;
    assert.equal(vlan.link, 'eth0');
    const tun = links.find((l) => l.name === 'tun0')!;
    assert.equal(tun.linkType, 'none');
    assert.equal(tun.mac, undefined);
    assert.deepEqual(
      { address: tun.addresses[0]?.address, peer: tun.addresses[0]?.peer, prefix: tun.addresses[0]?.prefix },
      { address: '10.8.0.6', peer: '10.8.0.5', prefix: 32 },
    );
  });

  it('reads `ip -j addr` of a laptop on wlan0 (iproute2 >= 4.14)', () => {
    const links = parseIpAddrJson(fixture('ip/addr-laptop-wlan0.json'));
    const wlan0 = links.find((l) => l.name === 'wlan0')!;
    assert.deepEqual(wlan0.addresses[0], {
      family: 'inet',
      address: '192.168.1.23',
      prefix: 24,
      broadcast: '192.168.1.255',
      scope: 'global',
      label: 'wlan0',
      dynamic: true,
      secondary: false,
    });
    assert.equal(links.find((l) => l.name === 'enp0s31f6')?.lowerUp, false);
    assert.equal(links.find((l) => l.name === 'vnet0')?.master, 'virbr0');
    assert.equal(links.find((l) => l.name === 'wlan0.7')?.link, 'wlan0');
  });

  it('gives the same interfaces from text and JSON', () => {
    const json = JSON.stringify(
      parseIpAddrText(fixture('ip/addr-centos7-eth0-static.txt')).map((l) => ({
        ifindex: l.index,
        ifname: l.name,
        flags: l.flags,
        mtu: l.mtu,
        operstate: l.operState,
        link_type: l.linkType,
        address: l.mac,
        master: l.master,
        addr_info: l.addresses.map((a) => ({
          family: a.family,
          local: a.address,
          prefixlen: a.prefix,
          broadcast: a.broadcast,
          scope: a.scope,
          label: a.label,
        })),
      })),
    );
    assert.deepEqual(parseIpAddrJson(json), parseIpAddrText(fixture('ip/addr-centos7-eth0-static.txt')));
  });

  it('reads empty output as no interfaces and rejects output that is not JSON', () => {
    assert.deepEqual(parseIpAddrJson(''), []);
    assert.deepEqual(parseIpAddrText(''), []);
    assert.throws(() => parseIpAddrJson('Option "-json" is unknown, try "ip -help".'), SyntaxError);
  });
});

describe('ip route', () => {
  it('reads a static CentOS 7 table', () => {
    const routes = parseIpRouteText(fixture('ip/route-centos7-static.txt'));
    assert.deepEqual(routes[0], {
      type: 'unicast',
      dst: 'default',
      gateway: '192.168.56.1',
      dev: 'eth0',
      protocol: 'static',
      metric: 100,
      flags: [],
    });
    assert.equal(routes[1]?.prefsrc, '192.168.56.10');
    assert.equal(routes[1].scope, 'link');
    assert.deepEqual(routes[2]?.flags, ['linkdown']);
  });

  it('reads a bridged table with an unreachable route', () => {
    const routes = parseIpRouteText(fixture('ip/route-centos7-br0.txt'));
    assert.deepEqual(routes[0], {
      type: 'unicast',
      dst: 'default',
      gateway: '10.1.1.1',
      dev: 'br0',
      flags: [],
    });
    assert.deepEqual(routes[3], { type: 'unreachable', dst: '10.99.0.0/16', flags: [] });
  });

  it('reads a DHCP table with two default routes and host routes', () => {
    const routes = parseIpRouteText(fixture('ip/route-centos7-dhcp.txt'));
    assert.deepEqual(
      routes.filter((r) => r.dst === 'default').map((r) => [r.dev, r.metric, r.protocol]),
      [
        ['eth0', 100, 'dhcp'],
        ['eth0.100', 400, 'static'],
      ],
    );
    assert.equal(routes.find((r) => r.dst === '10.8.0.1')?.gateway, '10.8.0.5');
  });

  it('reads a multipath route: the first next hop stands for it', () => {
    const routes = parseIpRouteText(
      'default proto static metric 100 \n\tnexthop via 10.0.0.1 dev eth0 weight 1 \n\tnexthop via 10.0.1.1 dev eth1 weight 1 \n',
    );
    assert.deepEqual(routes, [
      {
        type: 'unicast',
        dst: 'default',
        gateway: '10.0.0.1',
        dev: 'eth0',
        protocol: 'static',
        metric: 100,
        flags: [],
      },
    ]);
  });

  it('reads `ip -j route` of a laptop', () => {
    const routes = parseIpRouteJson(fixture('ip/route-laptop.json'));
    assert.deepEqual(routes[0], {
      type: 'unicast',
      dst: 'default',
      gateway: '192.168.1.1',
      dev: 'wlan0',
      protocol: 'dhcp',
      metric: 600,
      flags: [],
    });
    assert.deepEqual(routes[2]?.flags, ['linkdown']);
    assert.equal(routes[3]?.type, 'blackhole');
  });
});

describe('ip neigh', () => {
  it('reads a CentOS 7 neighbour table', () => {
    const neighbours = parseIpNeighText(fixture('ip/neigh-centos7.txt'));
    assert.deepEqual(neighbours[0], {
      address: '192.168.56.1',
      dev: 'eth0',
      lladdr: '0a:00:27:00:00:00',
      states: ['REACHABLE'],
      router: false,
    });
    assert.deepEqual(neighbours[2], {
      address: '192.168.56.77',
      dev: 'eth0',
      states: ['FAILED'],
      router: false,
    });
    assert.equal(neighbours[4]?.router, true);
    assert.equal(neighbours.length, 5);
  });

  it('reads `ip -j neigh` of a laptop', () => {
    const neighbours = parseIpNeighJson(fixture('ip/neigh-laptop.json'));
    assert.deepEqual(
      neighbours.map((n) => [n.address, n.lladdr ?? null, n.states.join(','), n.router]),
      [
        ['192.168.1.1', 'b0:4e:26:8d:11:7f', 'REACHABLE', false],
        ['192.168.1.42', '3c:22:fb:90:aa:01', 'STALE', false],
        ['192.168.1.77', null, 'FAILED', false],
        ['fe80::b24e:26ff:fe8d:117f', 'b0:4e:26:8d:11:7f', 'STALE', true],
      ],
    );
  });
});
