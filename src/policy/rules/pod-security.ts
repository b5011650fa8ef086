import { Manifest } from '../manifest';
import { Rule, RuleCategory, Severity, Violation } from '../rule';
import { allContainers, ContainerSite, podSpecOf, PodSpecSite } from '../workloads';

/*
 * The Pod Security Standards, baseline and restricted, as defined for Kubernetes 1.30:
 * every check of the standard and nothing else, with the standard's own exemptions
 * (Windows pods skip the Linux-only restricted checks).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * @see https://github.com/kubernetes/pod-security-admission/tree/release-1.30/policy
 */

type Level = 'baseline' | 'restricted';

const FIXES: Record<string, string> = {
  'PSS-HOST-PROCESS': 'Remove `windowsOptions.hostProcess: true` from the pod and its containers.',
  'PSS-HOST-NAMESPACES': 'Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false).',
  'PSS-PRIVILEGED': 'Remove `securityContext.privileged: true`.',
  'PSS-CAPABILITIES-BASELINE': 'Add only capabilities from the baseline list; better, add none.',
  'PSS-HOST-PATH': 'Use an emptyDir, configMap, secret, projected or PVC volume instead of hostPath.',
  'PSS-HOST-PORTS': 'Remove `hostPort`; expose the port through a Service.',
  'PSS-APPARMOR': 'Use `RuntimeDefault` or a `Localhost` profile, or leave AppArmor unset.',
  'PSS-SELINUX': 'Leave `seLinuxOptions.user` and `role` unset and use a container_* type.',
  'PSS-PROC-MOUNT': 'Remove `procMount` or set it to `Default`.',
  'PSS-SECCOMP-BASELINE': 'Do not set `seccompProfile.type: Unconfined`; use `RuntimeDefault`.',
  'PSS-SYSCTLS': 'Set only the safe sysctls, or none.',
  'PSS-VOLUME-TYPES': 'Use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes.',
  'PSS-PRIVILEGE-ESCALATION': 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  'PSS-RUN-AS-NON-ROOT': 'Set `securityContext.runAsNonRoot: true` on the pod (and a numeric `runAsUser`).',
  'PSS-RUN-AS-USER': 'Set a non-zero numeric `runAsUser`.',
  'PSS-SECCOMP-RESTRICTED': 'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.',
  'PSS-CAPABILITIES-RESTRICTED': 'Set `capabilities.drop: [ALL]` on every container; add back only NET_BIND_SERVICE.',
};

function pssRule(id: string, level: Level, title: string, check: (site: PodSpecSite) => Violation[]): Rule & { level: Level } {
  return {
    id,
    level,
    category: RuleCategory.POD_SECURITY,
    severity: Severity.ERROR,
    title: `${title} (Pod Security Standard, ${level})`,
    why: `Part of the Kubernetes Pod Security Standard "${level}" (1.30); namespaces labelled for Pod Security Admission at that level reject the pod.`,
    fix: FIXES[id],
    check: (obj: Manifest, context) => {
      if (level === 'restricted' && context.level !== 'restricted') return [];
      const site = podSpecOf(obj);
      return site ? check(site) : [];
    },
  };
}

const isWindows = (site: PodSpecSite) => site.spec.os?.name === 'windows';
const sc = (c: ContainerSite) => c.container.securityContext ?? {};
const podSc = (site: PodSpecSite) => site.spec.securityContext ?? {};
const name = (c: ContainerSite) => `${c.kind === 'containers' ? 'container' : c.kind.replace(/s$/, '').replace(/C/, ' c')} "${c.container.name}"`;

const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
];
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const RESTRICTED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export const HOST_PROCESS = pssRule('PSS-HOST-PROCESS', 'baseline', 'Windows HostProcess containers are not allowed', (site) => [
  ...(podSc(site).windowsOptions?.hostProcess === true ? [{ path: `${site.path}.securityContext.windowsOptions.hostProcess`, message: 'pod sets windowsOptions.hostProcess: true' }] : []),
  ...allContainers(site).filter((c) => sc(c).windowsOptions?.hostProcess === true)
    .map((c) => ({ path: `${c.path}.securityContext.windowsOptions.hostProcess`, message: `${name(c)} sets windowsOptions.hostProcess: true` })),
]);

export const HOST_NAMESPACES = pssRule('PSS-HOST-NAMESPACES', 'baseline', 'Sharing the host network, PID or IPC namespace is not allowed', (site) =>
  (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => site.spec[f] === true)
    .map((f) => ({ path: `${site.path}.${f}`, message: `pod sets ${f}: true` })));

export const PRIVILEGED = pssRule('PSS-PRIVILEGED', 'baseline', 'Privileged containers are not allowed', (site) =>
  allContainers(site).filter((c) => sc(c).privileged === true)
    .map((c) => ({ path: `${c.path}.securityContext.privileged`, message: `${name(c)} is privileged` })));

export const CAPABILITIES_BASELINE = pssRule('PSS-CAPABILITIES-BASELINE', 'baseline', 'Only the default container capabilities may be added', (site) =>
  allContainers(site).flatMap((c) => (sc(c).capabilities?.add ?? [])
    .filter((cap: string) => !BASELINE_CAPABILITIES.includes(cap))
    .map((cap: string) => ({ path: `${c.path}.securityContext.capabilities.add`, message: `${name(c)} adds capability ${cap}` }))));

export const HOST_PATH = pssRule('PSS-HOST-PATH', 'baseline', 'hostPath volumes are not allowed', (site) =>
  (site.spec.volumes ?? []).map((v: Manifest, i: number) => ({ v, i })).filter(({ v }: { v: Manifest }) => v?.hostPath !== undefined)
    .map(({ v, i }: { v: Manifest; i: number }) => ({ path: `${site.path}.volumes[${i}].hostPath`, message: `volume "${v.name}" is a hostPath volume` })));

export const HOST_PORTS = pssRule('PSS-HOST-PORTS', 'baseline', 'Host ports are not allowed', (site) =>
  allContainers(site).flatMap((c) => (c.container.ports ?? []).map((p: Manifest, i: number) => ({ p, i }))
    .filter(({ p }: { p: Manifest }) => p?.hostPort !== undefined && p.hostPort !== 0)
    .map(({ p, i }: { p: Manifest; i: number }) => ({ path: `${c.path}.ports[${i}].hostPort`, message: `${name(c)} uses hostPort ${p.hostPort}` }))));

export const APPARMOR = pssRule('PSS-APPARMOR', 'baseline', 'AppArmor may not be disabled or set to a custom profile type', (site) => {
  const okType = (t: unknown) => t === undefined || t === 'RuntimeDefault' || t === 'Localhost';
  const out: Violation[] = [];
  for (const [key, value] of Object.entries<string>(site.metadata.annotations ?? {})) {
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
      out.push({ path: 'metadata.annotations', message: `annotation ${key} is "${value}" (allowed: runtime/default, localhost/*)` });
    }
  }
  if (!okType(podSc(site).appArmorProfile?.type)) {
    out.push({ path: `${site.path}.securityContext.appArmorProfile.type`, message: `pod sets appArmorProfile.type ${podSc(site).appArmorProfile.type}` });
  }
  for (const c of allContainers(site)) {
    if (!okType(sc(c).appArmorProfile?.type)) {
      out.push({ path: `${c.path}.securityContext.appArmorProfile.type`, message: `${name(c)} sets appArmorProfile.type ${sc(c).appArmorProfile.type}` });
    }
  }
  return out;
});

export const SELINUX = pssRule('PSS-SELINUX', 'baseline', 'SELinux type may only be a container type, and user and role may not be set', (site) => {
  const check = (opts: Manifest | undefined, path: string, who: string): Violation[] => {
    if (!opts) return [];
    const out: Violation[] = [];
    if (opts.type !== undefined && !SELINUX_TYPES.includes(opts.type)) out.push({ path: `${path}.type`, message: `${who} sets seLinuxOptions.type "${opts.type}"` });
    if (opts.user) out.push({ path: `${path}.user`, message: `${who} sets seLinuxOptions.user` });
    if (opts.role) out.push({ path: `${path}.role`, message: `${who} sets seLinuxOptions.role` });
    return out;
  };
  return [
    ...check(podSc(site).seLinuxOptions, `${site.path}.securityContext.seLinuxOptions`, 'pod'),
    ...allContainers(site).flatMap((c) => check(sc(c).seLinuxOptions, `${c.path}.securityContext.seLinuxOptions`, name(c))),
  ];
});

export const PROC_MOUNT = pssRule('PSS-PROC-MOUNT', 'baseline', 'The default /proc mount type is required', (site) =>
  allContainers(site).filter((c) => sc(c).procMount !== undefined && sc(c).procMount !== 'Default')
    .map((c) => ({ path: `${c.path}.securityContext.procMount`, message: `${name(c)} sets procMount ${sc(c).procMount}` })));

export const SECCOMP_BASELINE = pssRule('PSS-SECCOMP-BASELINE', 'baseline', 'Seccomp may not be Unconfined', (site) => [
  ...(podSc(site).seccompProfile?.type === 'Unconfined' ? [{ path: `${site.path}.securityContext.seccompProfile.type`, message: 'pod sets seccompProfile Unconfined' }] : []),
  ...allContainers(site).filter((c) => sc(c).seccompProfile?.type === 'Unconfined')
    .map((c) => ({ path: `${c.path}.securityContext.seccompProfile.type`, message: `${name(c)} sets seccompProfile Unconfined` })),
]);

export const SYSCTLS = pssRule('PSS-SYSCTLS', 'baseline', 'Only the safe set of sysctls is allowed', (site) =>
  (podSc(site).sysctls ?? []).filter((s: Manifest) => !SAFE_SYSCTLS.includes(s?.name))
    .map((s: Manifest) => ({ path: `${site.path}.securityContext.sysctls`, message: `pod sets unsafe sysctl ${s?.name}` })));

export const VOLUME_TYPES = pssRule('PSS-VOLUME-TYPES', 'restricted', 'Only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes', (site) =>
  (site.spec.volumes ?? []).flatMap((v: Manifest, i: number) => {
    const sources = Object.keys(v ?? {}).filter((k) => k !== 'name');
    return sources.filter((s) => !RESTRICTED_VOLUME_SOURCES.includes(s))
      .map((s) => ({ path: `${site.path}.volumes[${i}].${s}`, message: `volume "${v.name}" uses the ${s} volume type` }));
  }));

export const PRIVILEGE_ESCALATION = pssRule('PSS-PRIVILEGE-ESCALATION', 'restricted', 'Containers must set allowPrivilegeEscalation: false', (site) =>
  isWindows(site) ? [] : allContainers(site).filter((c) => sc(c).allowPrivilegeEscalation !== false)
    .map((c) => ({ path: `${c.path}.securityContext.allowPrivilegeEscalation`, message: `${name(c)} does not set allowPrivilegeEscalation: false` })));

export const RUN_AS_NON_ROOT = pssRule('PSS-RUN-AS-NON-ROOT', 'restricted', 'Containers must run as non-root (runAsNonRoot: true)', (site) => {
  const podSet = podSc(site).runAsNonRoot === true;
  const out: Violation[] = [];
  if (podSc(site).runAsNonRoot === false) out.push({ path: `${site.path}.securityContext.runAsNonRoot`, message: 'pod sets runAsNonRoot: false' });
  for (const c of allContainers(site)) {
    const own = sc(c).runAsNonRoot;
    if (own === false) out.push({ path: `${c.path}.securityContext.runAsNonRoot`, message: `${name(c)} sets runAsNonRoot: false` });
    else if (own !== true && !podSet) out.push({ path: `${c.path}.securityContext.runAsNonRoot`, message: `${name(c)} does not set runAsNonRoot: true, and neither does the pod` });
  }
  return out;
});

export const RUN_AS_USER = pssRule('PSS-RUN-AS-USER', 'restricted', 'Containers may not set runAsUser: 0', (site) => [
  ...(podSc(site).runAsUser === 0 ? [{ path: `${site.path}.securityContext.runAsUser`, message: 'pod sets runAsUser: 0' }] : []),
  ...allContainers(site).filter((c) => sc(c).runAsUser === 0)
    .map((c) => ({ path: `${c.path}.securityContext.runAsUser`, message: `${name(c)} sets runAsUser: 0` })),
]);

export const SECCOMP_RESTRICTED = pssRule('PSS-SECCOMP-RESTRICTED', 'restricted', 'Seccomp must be RuntimeDefault or Localhost', (site) => {
  if (isWindows(site)) return [];
  const ok = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const podType = podSc(site).seccompProfile?.type;
  const out: Violation[] = [];
  if (podType !== undefined && !ok(podType)) out.push({ path: `${site.path}.securityContext.seccompProfile.type`, message: `pod sets seccompProfile ${podType}` });
  for (const c of allContainers(site)) {
    const own = sc(c).seccompProfile?.type;
    if (own !== undefined && !ok(own)) out.push({ path: `${c.path}.securityContext.seccompProfile.type`, message: `${name(c)} sets seccompProfile ${own}` });
    else if (own === undefined && !ok(podType)) out.push({ path: `${c.path}.securityContext.seccompProfile`, message: `${name(c)} has no seccompProfile RuntimeDefault or Localhost, and neither has the pod` });
  }
  return out;
});

export const CAPABILITIES_RESTRICTED = pssRule('PSS-CAPABILITIES-RESTRICTED', 'restricted', 'Containers must drop ALL capabilities and may add only NET_BIND_SERVICE', (site) =>
  isWindows(site) ? [] : allContainers(site).flatMap((c) => {
    const caps = sc(c).capabilities ?? {};
    const out: Violation[] = [];
    if (!(caps.drop ?? []).includes('ALL')) out.push({ path: `${c.path}.securityContext.capabilities.drop`, message: `${name(c)} does not drop ALL capabilities` });
    // Capabilities outside the baseline list are PSS-CAPABILITIES-BASELINE's finding: report each add once.
    for (const cap of (caps.add ?? []).filter((x: string) => x !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.includes(x))) {
      out.push({ path: `${c.path}.securityContext.capabilities.add`, message: `${name(c)} adds capability ${cap}, which restricted does not allow` });
    }
    return out;
  }));

export const POD_SECURITY_RULES: Rule[] = [
  HOST_PROCESS, HOST_NAMESPACES, PRIVILEGED, CAPABILITIES_BASELINE, HOST_PATH, HOST_PORTS, APPARMOR, SELINUX, PROC_MOUNT,
  SECCOMP_BASELINE, SYSCTLS, VOLUME_TYPES, PRIVILEGE_ESCALATION, RUN_AS_NON_ROOT, RUN_AS_USER, SECCOMP_RESTRICTED,
  CAPABILITIES_RESTRICTED,
];
