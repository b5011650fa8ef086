import { identityKey, labelSelectorMatches, runIndex, workloadsSelectedBy } from '../index';
import { Manifest, SourcedManifest } from '../manifest';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isIanaServiceName, isLabelValue, isPathSegmentName, isQualifiedName } from '../names';
import { Rule, RuleCategory, RuleContext, Severity, Violation } from '../rule';
import { allContainers, podSpecOf } from '../workloads';

/*
 * What the API server validates beyond the JSON schema: name formats, label syntax, port
 * ranges and names, selectors that match their template, mounts of existing volumes, and
 * the same object twice.
 */

function rule(id: string, title: string, why: string, fix: string, check: (obj: Manifest, context: RuleContext) => Violation[]): Rule {
  return { id, category: RuleCategory.SCHEMA, severity: Severity.ERROR, title, why, fix, check };
}

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const SELECTOR_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

export const SCHEMA_NAME = rule('SCHEMA-NAME', 'Names and namespaces must have the format the API server requires',
  'Namespaces and Services need DNS labels (Services: starting with a letter), most objects DNS subdomains; the API server refuses anything else at apply time.',
  'Use lower-case letters, digits and "-" (and "." where a subdomain is allowed), at most 63 (or 253) characters.',
  (obj) => {
    const meta = obj?.metadata ?? {};
    const out: Violation[] = [];
    if (meta.name === undefined && meta.generateName === undefined) return [{ path: 'metadata.name', message: 'object has no metadata.name' }];
    const name = meta.name;
    if (name !== undefined) {
      const [ok, what] = obj.kind === 'Namespace' ? [isDns1123Label(name), 'a DNS-1123 label']
        : obj.kind === 'Service' ? [isDns1035Label(name), 'a DNS-1035 label (starting with a letter)']
          : RBAC_KINDS.includes(obj.kind) ? [isPathSegmentName(name), 'a path segment (no "/" or "%")']
            : [isDns1123Subdomain(name), 'a DNS-1123 subdomain'];
      if (!ok) out.push({ path: 'metadata.name', message: `name "${name}" is not ${what}` });
    }
    if (meta.namespace !== undefined && !isDns1123Label(meta.namespace)) {
      out.push({ path: 'metadata.namespace', message: `namespace "${meta.namespace}" is not a DNS-1123 label` });
    }
    return out;
  });

export const SCHEMA_LABELS = rule('SCHEMA-LABELS', 'Label keys and values, and annotation keys, must be well formed',
  'The API server refuses invalid label keys or values (at most 63 characters, alphanumerics, "-", "_", "."), so the whole apply fails.',
  'Shorten or clean the label; quote values that YAML would read as numbers or booleans.',
  (obj) => {
    const maps: Array<[string, any]> = [['metadata.labels', obj?.metadata?.labels]];
    const site = podSpecOf(obj);
    if (site && obj.kind !== 'Pod') maps.push([`${site.path.replace(/\.spec$/, '')}.metadata.labels`, site.metadata.labels]);
    const out: Violation[] = [];
    for (const [path, labels] of maps) {
      for (const [key, value] of Object.entries(labels ?? {})) {
        if (!isQualifiedName(key)) out.push({ path, message: `label key "${key}" is not a valid qualified name` });
        if (!isLabelValue(value)) out.push({ path: `${path}.${key}`, message: `label value ${JSON.stringify(value)} of "${key}" is not a valid label value` });
      }
    }
    for (const key of Object.keys(obj?.metadata?.annotations ?? {})) {
      if (!isQualifiedName(key)) out.push({ path: 'metadata.annotations', message: `annotation key "${key}" is not a valid qualified name` });
    }
    return out;
  });

export const SCHEMA_PORTS = rule('SCHEMA-PORTS', 'Ports must be in range and port names must be IANA service names',
  'Port numbers outside 1-65535 and names longer than 15 characters or with upper case are refused by the API server.',
  'Use numbers 1-65535 (NodePorts 30000-32767) and names of at most 15 lower-case letters, digits and single hyphens.',
  (obj) => {
    const out: Violation[] = [];
    const inRange = (n: unknown, min = 1, max = 65535) => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;
    const site = podSpecOf(obj);
    for (const c of site ? allContainers(site) : []) {
      (c.container.ports ?? []).forEach((p: Manifest, i: number) => {
        const at = `${c.path}.ports[${i}]`;
        if (!inRange(p?.containerPort)) out.push({ path: `${at}.containerPort`, message: `containerPort ${JSON.stringify(p?.containerPort)} is not 1-65535` });
        if (p?.hostPort !== undefined && !inRange(p.hostPort, 0)) out.push({ path: `${at}.hostPort`, message: `hostPort ${JSON.stringify(p.hostPort)} is not 0-65535` });
        if (p?.name !== undefined && !isIanaServiceName(p.name)) out.push({ path: `${at}.name`, message: `port name "${p.name}" is not an IANA service name` });
      });
    }
    if (obj?.kind === 'Service') {
      const ports: Manifest[] = obj.spec?.ports ?? [];
      ports.forEach((p, i) => {
        const at = `spec.ports[${i}]`;
        if (!inRange(p?.port)) out.push({ path: `${at}.port`, message: `port ${JSON.stringify(p?.port)} is not 1-65535` });
        if (p?.nodePort !== undefined && !inRange(p.nodePort, 30000, 32767)) out.push({ path: `${at}.nodePort`, message: `nodePort ${p.nodePort} is outside the default NodePort range 30000-32767` });
        const target = p?.targetPort;
        if (typeof target === 'number' && !inRange(target)) out.push({ path: `${at}.targetPort`, message: `targetPort ${target} is not 1-65535` });
        if (typeof target === 'string' && !isIanaServiceName(target)) out.push({ path: `${at}.targetPort`, message: `targetPort "${target}" is not an IANA service name` });
        if (ports.length > 1 && !isDns1123Label(p?.name)) out.push({ path: `${at}.name`, message: 'a Service with several ports needs a DNS-label name on each' });
      });
    }
    return out;
  });

export const SCHEMA_SELECTOR = rule('SCHEMA-SELECTOR', 'A workload\'s selector must match its own pod template labels',
  'The API server refuses a Deployment, ReplicaSet, StatefulSet or DaemonSet whose selector does not select its template.',
  'Make spec.selector.matchLabels a subset of spec.template.metadata.labels.',
  (obj) => {
    if (!SELECTOR_KINDS.includes(obj?.kind)) return [];
    const selector = obj.spec?.selector;
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
      return [{ path: 'spec.selector', message: `${obj.kind} has no spec.selector` }];
    }
    return labelSelectorMatches(selector, obj.spec?.template?.metadata?.labels)
      ? [] : [{ path: 'spec.selector', message: 'spec.selector does not match spec.template.metadata.labels' }];
  });

export const SCHEMA_VOLUME_MOUNTS = rule('SCHEMA-VOLUME-MOUNTS', 'Volume mounts must name volumes of the pod, at distinct paths; volume and container names must be unique',
  'A mount of a volume that does not exist, two mounts at one path, or two volumes or containers with one name, are refused by the API server.',
  'Add the volume to spec.volumes (a StatefulSet\'s claims: to volumeClaimTemplates), or fix the mount\'s name; rename duplicates.',
  (obj) => {
    const site = podSpecOf(obj);
    if (!site) return [];
    const out: Violation[] = [];
    const podVolumes: string[] = (site.spec.volumes ?? []).map((v: Manifest) => v?.name);
    podVolumes.filter((v, i) => podVolumes.indexOf(v) !== i).forEach((v) => out.push({ path: `${site.path}.volumes`, message: `volume "${v}" is defined twice` }));
    // A StatefulSet's volumeClaimTemplates are volumes of its pods too (the claim of each pod).
    const claims: string[] = obj.kind === 'StatefulSet' ? (obj.spec?.volumeClaimTemplates ?? []).map((t: Manifest) => t?.metadata?.name) : [];
    const volumes = [...podVolumes, ...claims];
    const containers = allContainers(site);
    const names = containers.map((c) => c.container.name);
    names.filter((n, i) => names.indexOf(n) !== i).forEach((n) => out.push({ path: site.path, message: `container name "${n}" is used twice` }));
    for (const c of containers) {
      const paths: string[] = [];
      (c.container.volumeMounts ?? []).forEach((m: Manifest, i: number) => {
        if (!volumes.includes(m?.name)) out.push({ path: `${c.path}.volumeMounts[${i}].name`, message: `container "${c.container.name}" mounts volume "${m?.name}", which the pod does not define` });
        const mountPath = String(m?.mountPath).replace(/\/+$/, '');
        if (paths.includes(mountPath)) out.push({ path: `${c.path}.volumeMounts[${i}].mountPath`, message: `container "${c.container.name}" mounts two volumes at ${mountPath}` });
        paths.push(mountPath);
      });
    }
    return out;
  });

export const SCHEMA_SECURITY_CONTEXT = rule('SCHEMA-SECURITY-CONTEXT', 'A container\'s securityContext does not contradict itself',
  'The API server refuses a container that is privileged (or adds CAP_SYS_ADMIN) while setting allowPrivilegeEscalation: false: "cannot set `allowPrivilegeEscalation` to false and `privileged` to true" (found by applying the pod-security test pods to a real API server).',
  'Drop `privileged` (and CAP_SYS_ADMIN), which is what Pod Security wants anyway, or stop setting allowPrivilegeEscalation: false.',
  (obj) => {
    const site = podSpecOf(obj);
    if (!site) return [];
    return allContainers(site).flatMap((c) => {
      const sc = c.container.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) return [];
      const why = sc.privileged === true ? 'privileged: true' : (sc.capabilities?.add ?? []).some((cap: string) => /^(CAP_)?SYS_ADMIN$/.test(cap)) ? 'adds SYS_ADMIN' : undefined;
      return why ? [{ path: `${c.path}.securityContext`, message: `container "${c.container.name}" sets allowPrivilegeEscalation: false and ${why}` }] : [];
    });
  });

export const SCHEMA_DUPLICATE_ENV = rule('SCHEMA-DUPLICATE-ENV', 'A container sets each environment variable once',
  'Server-side apply refuses a list with two entries for one merge key ("duplicate entries for key [name=HOME]"), and client-side apply silently keeps the last one.',
  'Remove one of the two entries.',
  (obj) => {
    const site = podSpecOf(obj);
    if (!site) return [];
    return allContainers(site).flatMap((c) => {
      const names: string[] = (c.container.env ?? []).map((e: Manifest) => e?.name);
      return names.flatMap((n, i) => (names.indexOf(n) !== i ? [{ path: `${c.path}.env[${i}]`, message: `container "${c.container.name}" sets ${n} twice` }] : []));
    });
  });

/** The API server (etcd) refuses ConfigMaps and Secrets larger than this. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export const SCHEMA_SIZE = rule('SCHEMA-SIZE', 'ConfigMaps and Secrets stay within 1 MiB',
  'The API server refuses a ConfigMap or Secret whose data exceeds 1 MiB ("Too long: must have at most 1048576 bytes").',
  'Split the data, or mount large files from an image or a volume instead.',
  (obj) => {
    if (obj?.kind !== 'ConfigMap' && obj?.kind !== 'Secret') return [];
    const bytes = ['data', 'binaryData', 'stringData'].reduce((sum, field) =>
      sum + Object.entries<unknown>(obj[field] ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0), 0);
    return bytes > MAX_CONFIG_BYTES ? [{ path: 'data', message: `${obj.kind} data is ${bytes} bytes, over the ${MAX_CONFIG_BYTES}-byte limit` }] : [];
  });

export const SCHEMA_NODEPORT_CONFLICT = rule('SCHEMA-NODEPORT-CONFLICT', 'Each fixed nodePort is used by one Service',
  'NodePorts are cluster-wide: the API server refuses the second Service that asks for a port already allocated ("provided port is already allocated"). Only the objects checked together are compared; environments applied to one cluster share the range too.',
  'Give each Service its own nodePort, or leave nodePort unset and let Kubernetes assign one.',
  (obj, context) => {
    if (obj?.kind !== 'Service') return [];
    const owners = nodePortOwners(context.all);
    return (obj.spec?.ports ?? []).flatMap((p: Manifest, i: number) => {
      const owner = p?.nodePort !== undefined ? owners.get(p.nodePort) : undefined;
      return owner && owner !== obj ? [{ path: `spec.ports[${i}].nodePort`, message: `nodePort ${p.nodePort} is already used by Service ${owner.metadata?.namespace}/${owner.metadata?.name}` }] : [];
    });
  });

export const SCHEMA_SERVICE_SELECTS_NOTHING: Rule = {
  ...rule('SCHEMA-SERVICE-SELECTS-NOTHING', 'A Service with a selector selects the pods of a workload checked with it',
    'A Service whose selector matches no pod template has no endpoints: clients get connection refused, usually after a label was renamed on one side only.',
    'Make the selector equal to labels of the pod template it fronts (or check the workload together with the Service).',
    (obj, context) => {
      const selector = obj?.kind === 'Service' ? obj.spec?.selector : undefined;
      if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0 || obj.spec?.type === 'ExternalName') return [];
      return workloadsSelectedBy(obj, runIndex(context.all)).length > 0 ? []
        : [{ path: 'spec.selector', message: `Service selects ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',')}, which no pod template in the same directory has` }];
    }),
  severity: Severity.WARNING,
};

const owners = new WeakMap<readonly SourcedManifest[], Map<number, Manifest>>();

/** The first Service of a run that asks for each nodePort. */
function nodePortOwners(all: readonly SourcedManifest[]): Map<number, Manifest> {
  let found = owners.get(all);
  if (!found) {
    found = new Map();
    for (const { object } of all) {
      if (object?.kind !== 'Service') continue;
      for (const p of object.spec?.ports ?? []) if (p?.nodePort !== undefined && !found.has(p.nodePort)) found.set(p.nodePort, object);
    }
    owners.set(all, found);
  }
  return found;
}

export const SCHEMA_DUPLICATE = rule('SCHEMA-DUPLICATE', 'Each object may appear only once',
  'Two documents for the same kind, namespace and name overwrite each other on apply: one of them is silently lost.',
  'Remove or rename one of the two objects.',
  (obj, context) => {
    const same = runIndex(context.all).byKey.get(identityKey(obj)) ?? [];
    const position = same.indexOf(obj);
    return position > 0 ? [{ path: 'metadata.name', message: `duplicate of an earlier ${obj.kind} "${obj.metadata?.name}" in the same run` }] : [];
  });

export const SCHEMA_SEMANTIC_RULES: Rule[] = [
  SCHEMA_NAME, SCHEMA_LABELS, SCHEMA_PORTS, SCHEMA_SELECTOR, SCHEMA_VOLUME_MOUNTS, SCHEMA_SECURITY_CONTEXT, SCHEMA_DUPLICATE_ENV, SCHEMA_SIZE,
  SCHEMA_NODEPORT_CONFLICT,
  SCHEMA_SERVICE_SELECTS_NOTHING, SCHEMA_DUPLICATE,
];
