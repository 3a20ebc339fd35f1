import type { PortConfig } from '../../../parse/compose/model.js';
import { defineComposeRule } from '../../engine/compose.js';
import { isDict } from '../support/compose-ops-util.js';

interface Binding {
  readonly service: string;
  readonly index: number;
  readonly ip: string;
  readonly port: number;
  readonly protocol: string;
}

function range(published: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(published.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  return end >= start ? [start, end] : undefined;
}

function family(ip: string): 4 | 6 {
  return ip.includes(':') ? 6 : 4;
}

/** Whether two host addresses can collide: the empty address is every interface, 0.0.0.0 / :: every one of a family. */
function overlaps(a: string, b: string): boolean {
  if (a === '' || b === '') return true;
  const wild = (ip: string) => ip === '0.0.0.0' || ip === '::';
  if (family(a) !== family(b)) return false;
  return wild(a) || wild(b) || a.toLowerCase() === b.toLowerCase();
}

const show = (b: Binding) =>
  `${b.ip ? (b.ip.includes(':') ? `[${b.ip}]:` : `${b.ip}:`) : ''}${b.port}/${b.protocol}`;

export default defineComposeRule<'duplicate' | 'replicas', Record<string, never>>({
  name: 'duplicate-published-ports',
  meta: {
    description:
      'Two services (or two entries) publish the same host port on overlapping addresses: the second container fails to start with "port is already allocated"',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      duplicate:
        'host port {{binding}} of "{{service}}" is already published by "{{other}}" ({{otherBinding}}): the second container cannot bind it',
      replicas:
        'service "{{service}}" runs {{replicas}} replicas but publishes the fixed host port {{binding}}: only one replica can bind it; publish a range or drop the host port',
    },
    sources: ['dclint:no-duplicate-exported-ports'],
  },
  create(context) {
    const seen: Binding[] = [];
    return {
      service(name, service) {
        if (service.network_mode === 'host') return;
        const ports: PortConfig[] = Array.isArray(service.ports) ? service.ports : [];
        const deploy = isDict(service.deploy) ? service.deploy : {};
        const replicas =
          typeof service.scale === 'number'
            ? service.scale
            : typeof deploy.replicas === 'number'
              ? deploy.replicas
              : 1;
        const mine: Binding[] = [];
        ports.forEach((p, index) => {
          if (p.published === undefined || p.published === null || p.mode === 'host') return;
          const span = range(String(p.published));
          if (!span) return;
          if (span[0] === span[1] && span[0] !== 0 && replicas > 1) {
            context.report({
              path: ['services', name, 'ports', index],
              messageId: 'replicas',
              data: { service: name, replicas, binding: `${span[0]}/${p.protocol}` },
            });
          }
          const ip = typeof p.host_ip === 'string' ? p.host_ip.replace(/^\[|\]$/g, '') : '';
          for (let port = span[0]; port <= span[1] && port - span[0] < 65536; port++) {
            if (port === 0) continue;
            const binding: Binding = {
              service: name,
              index,
              ip,
              port,
              protocol: String(p.protocol ?? 'tcp').toLowerCase(),
            };
            const clash = [...seen, ...mine].find(
              (b) =>
                b.port === port &&
                b.protocol === binding.protocol &&
                overlaps(b.ip, ip) &&
                !(b.service === name && b.index === index),
            );
            if (clash) {
              context.report({
                path: ['services', name, 'ports', index],
                messageId: 'duplicate',
                data: {
                  service: name,
                  binding: show(binding),
                  other: clash.service,
                  otherBinding: show(clash),
                },
              });
              return; // one finding per entry
            }
            mine.push(binding);
          }
        });
        seen.push(...mine);
      },
    };
  },
});
