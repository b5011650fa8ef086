import * as fs from 'fs';
import * as path from 'path';
import { InstalledPrograms, LocalImage } from './programs';

/*
 * The bubblewrap command line that runs one container as the kubelet would, as far as a
 * machine without a container runtime allows: the image's files (this machine's /usr and
 * the real upstream program where the image has it), each volume at its mountPath, a
 * read-only root when asked, the env given, and the container's uid, gid, groups,
 * no-new-privileges and dropped capabilities through setpriv. The network namespace is
 * the pod's (entered with nsenter by the caller).
 */

export interface ContainerMount {
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
}

export interface SandboxSpec {
  readonly image: LocalImage;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly ContainerMount[];
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
  readonly readOnlyRoot: boolean;
  readonly noNewPrivileges: boolean;
  readonly dropAllCapabilities: boolean;
  readonly workingDir?: string;
  readonly hostname: string;
  /** A CA bundle to put where images keep theirs (/etc/ssl/certs/ca-certificates.crt). @default this machine's */
  readonly trustStore?: string;
  /** A file for /etc/hosts: names the cluster's DNS would answer. @default this machine's (host base), none otherwise */
  readonly hostsFile?: string;
}

/** Where setpriv sits in every sandbox (it switches to the container's uid last). */
const SETPRIV = '/.harness/setpriv';
/** Files of this machine's /etc an image of the `host` base sees (the rest of /etc is empty and writable before the root turns read-only). */
const HOST_ETC = ['passwd', 'group', 'hosts', 'nsswitch.conf', 'ssl', 'ca-certificates', 'localtime'];

/** Where Debian-based and distroless images keep the CA bundle programs trust (Go and OpenSSL read it). */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Builds `bwrap` arguments, creating each parent directory explicitly (bwrap would make them 0700). */
export function bwrapArgs(programs: InstalledPrograms, spec: SandboxSpec): string[] {
  const args = ['--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--hostname', spec.hostname, '--proc', '/proc', '--dev', '/dev'];
  // Paths that exist in the sandbox and can hold new directories; and paths under read-only binds of this machine.
  const made = new Set<string>(['/', '/proc', '/dev']);
  const frozen: string[] = [];
  const ensureParents = (target: string) => {
    const parts = path.posix.dirname(target).split('/').filter(Boolean);
    let current = '';
    for (const part of parts) {
      current += `/${part}`;
      if (made.has(current)) continue;
      // /usr/local is a tmpfs of the sandbox, not this machine's.
      if (!current.startsWith('/usr/local/') && frozen.some((f) => current === f || current.startsWith(`${f}/`))) {
        throw new Error(`cannot mount at ${target}: ${current} is inside this machine's read-only ${frozen.find((f) => current.startsWith(f))}`);
      }
      args.push('--dir', current);
      made.add(current);
    }
  };
  if (spec.image.base === 'host') {
    args.push('--ro-bind', '/usr', '/usr', '--tmpfs', '/usr/local', '--dir', '/usr/local/bin', '--dir', '/usr/local/lib');
    ['bin', 'sbin', 'lib', 'lib64'].forEach((d) => args.push('--symlink', `usr/${d}`, `/${d}`));
    ['/usr', '/usr/local', '/usr/local/bin', '/usr/local/lib'].forEach((d) => made.add(d));
    frozen.push('/usr', '/bin', '/sbin', '/lib', '/lib64');
    args.push('--dir', '/etc');
    made.add('/etc');
    HOST_ETC.filter((f) => fs.existsSync(`/etc/${f}`) && !(f === 'hosts' && spec.hostsFile)).forEach((f) => args.push('--ro-bind', `/etc/${f}`, `/etc/${f}`));
    if (spec.trustStore) args.push('--ro-bind', spec.trustStore, SYSTEM_CA_BUNDLE);
  } else {
    // setpriv's own libraries, for images without them.
    const loader = '/lib64/ld-linux-x86-64.so.2';
    args.push('--dir', '/usr', '--dir', '/usr/lib', '--ro-bind', '/usr/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu',
      '--dir', '/lib64', '--ro-bind', fs.realpathSync(loader), loader);
    ['/usr', '/usr/lib', '/lib64'].forEach((d) => made.add(d));
    frozen.push('/usr/lib/x86_64-linux-gnu');
  }
  if (spec.hostsFile) {
    ensureParents('/etc/hosts');
    made.add('/etc');
    args.push('--ro-bind', spec.hostsFile, '/etc/hosts');
  }
  ensureParents(SETPRIV);
  args.push('--ro-bind', programs.setpriv, SETPRIV);
  for (const bind of spec.image.binds) {
    ensureParents(bind.dest);
    args.push('--ro-bind', bind.src, bind.dest);
    made.add(bind.dest);
  }
  for (const link of spec.image.symlinks) {
    ensureParents(link.link);
    args.push('--symlink', link.target, link.link);
  }
  // Parents before children, as the kubelet sorts mounts.
  for (const mount of [...spec.mounts].sort((a, b) => a.mountPath.length - b.mountPath.length)) {
    ensureParents(mount.mountPath);
    args.push(mount.readOnly ? '--ro-bind' : '--bind', mount.hostPath, mount.mountPath);
    made.add(mount.mountPath);
  }
  if (spec.readOnlyRoot) args.push('--remount-ro', '/');
  args.push('--clearenv');
  Object.entries(spec.env).forEach(([k, v]) => args.push('--setenv', k, v));
  args.push('--chdir', spec.workingDir ?? '/');
  args.push('--', SETPRIV, `--reuid=${spec.uid}`, `--regid=${spec.gid}`,
    spec.groups.length > 0 ? `--groups=${spec.groups.join(',')}` : '--clear-groups',
    ...(spec.noNewPrivileges ? ['--no-new-privs'] : []),
    ...(spec.dropAllCapabilities ? ['--inh-caps=-all', '--bounding-set=-all'] : []),
    '--', ...spec.argv);
  return args;
}
