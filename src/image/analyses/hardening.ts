import type { ImageModel } from '../model.js';
import { type Finding, finding, listSome, plural } from './common.js';

const SHELLS = [
  '/bin/sh',
  '/bin/bash',
  '/bin/ash',
  '/bin/dash',
  '/bin/zsh',
  '/usr/bin/bash',
  '/usr/bin/sh',
  '/bin/busybox',
];
const PACKAGE_MANAGERS: [string, string][] = [
  ['/usr/bin/apt-get', 'apt'],
  ['/usr/bin/apt', 'apt'],
  ['/usr/bin/dpkg', 'dpkg'],
  ['/sbin/apk', 'apk'],
  ['/usr/bin/apk', 'apk'],
  ['/usr/bin/yum', 'yum'],
  ['/usr/bin/dnf', 'dnf'],
  ['/usr/bin/microdnf', 'microdnf'],
  ['/usr/bin/rpm', 'rpm'],
  ['/usr/bin/zypper', 'zypper'],
];

/** setuid/setgid binaries, world-writable files, and a shell or package manager being present. */
export function hardening(model: ImageModel): Finding[] {
  const out: Finding[] = [];
  const setuid: string[] = [];
  const setgid: string[] = [];
  const writable: string[] = [];
  for (const f of model.files.values()) {
    if (f.type === 'file') {
      if (f.mode & 0o4000) setuid.push(f.path);
      else if (f.mode & 0o2000) setgid.push(f.path);
    }
    if (f.type === 'symlink' || f.type === 'char' || f.type === 'block' || f.type === 'fifo') continue;
    if (f.mode & 0o002 && !(f.type === 'dir' && f.mode & 0o1000)) writable.push(f.path);
  }
  if (setuid.length || setgid.length) {
    const parts = [
      setuid.length ? `${plural(setuid.length, 'setuid file')} (${listSome(setuid)})` : '',
      setgid.length ? `${plural(setgid.length, 'setgid file')} (${listSome(setgid)})` : '',
    ].filter(Boolean);
    out.push(
      finding(
        model,
        'image/setuid-files',
        'info',
        `${parts.join('; ')}`,
        'Remove the bits you do not need: RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +',
        ['dockle:CIS-DI-0008'],
      ),
    );
  }
  if (writable.length) {
    out.push(
      finding(
        model,
        'image/world-writable',
        'warning',
        `${plural(writable.length, 'world-writable path')}: ${listSome(writable)}`,
        'chmod o-w them; only sticky directories like /tmp should be writable by all.',
      ),
    );
  }
  const shell = SHELLS.find((s) => model.files.has(s));
  if (shell)
    out.push(
      finding(
        model,
        'image/shell-present',
        'info',
        `a shell is present (${shell})`,
        'Distroless or scratch runtime images leave it out.',
      ),
    );
  const pms = [...new Set(PACKAGE_MANAGERS.filter(([p]) => model.files.has(p)).map(([, n]) => n))];
  if (pms.length)
    out.push(
      finding(
        model,
        'image/package-manager-present',
        'info',
        `a package manager is present (${pms.join(', ')})`,
        'Distroless runtime images leave it out.',
      ),
    );
  return out;
}
