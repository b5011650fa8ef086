import { PRODUCTION_ANNOTATION } from '../annotations';
import { credentialIn, credentialInArgs, credentialInConfigText } from '../credentials';
import { Manifest } from '../manifest';
import { Rule, RuleCategory, Severity, Violation } from '../rule';
import { allContainers, ContainerSite, podSpecOf, PodSpecSite } from '../workloads';
import { authProxyOf } from './auth';

/*
 * Our stricter defaults for workloads, kept apart from the Pod Security Standards: what a
 * well-run MCP server needs beyond what the standard demands.
 */

/** What a hygiene rule says; its check sees each pod spec. */
interface HygieneRuleOptions extends Omit<Rule, 'category' | 'check'> {
  readonly check: (site: PodSpecSite) => Violation[];
}

function hygieneRule({ check, ...rule }: HygieneRuleOptions): Rule {
  return {
    ...rule, category: RuleCategory.HYGIENE,
    check: (obj: Manifest) => {
      const site = podSpecOf(obj);
      return site ? check(site) : [];
    },
  };
}

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY)/i;

export const HYG_RESOURCES = hygieneRule({
  id: 'HYG-RESOURCES',
  severity: Severity.ERROR,
  title: 'Every container sets CPU and memory requests and limits',
  why: 'Without requests the scheduler packs pods blindly; without limits one runaway MCP server can starve the node.',
  fix: 'Set resources.requests and resources.limits for cpu and memory (environment files: `resources:`).',
  check: (site) => allContainers(site).flatMap((c) => (['requests', 'limits'] as const).flatMap((kind) => (['cpu', 'memory'] as const)
    .filter((r) => c.container.resources?.[kind]?.[r] === undefined)
    .map((r) => ({ path: `${c.path}.resources.${kind}.${r}`, message: `container "${c.container.name}" sets no ${r} ${kind.replace(/s$/, '')}` })))),
});

export const HYG_PROBES = hygieneRule({
  id: 'HYG-PROBES',
  severity: Severity.WARNING,
  title: 'App containers of long-running pods have readiness and liveness probes',
  why: 'Without readiness a Service sends MCP sessions to pods that are not listening yet; without liveness a hung server is never restarted. '
    + 'A pod that runs to completion (restartPolicy Never or OnFailure: Jobs, CronJobs, a chart\'s hook or test Pod) serves nothing and ends with its exit code, so it needs neither.',
  fix: 'Add readinessProbe and livenessProbe (TCP unless the server has a health route).',
  check: (site) => (runsToCompletion(site) ? [] : allContainers(site)
    // A server behind an auth proxy listens on loopback, where the kubelet cannot probe it: the proxy's probes stand for the pod.
    .filter((c) => c.kind === 'containers' && !behindAuthProxy(site, c))
    .flatMap((c) => (['readinessProbe', 'livenessProbe'] as const)
      .filter((p) => c.container[p] === undefined)
      .map((p) => ({ path: `${c.path}.${p}`, message: `container "${c.container.name}" has no ${p}` })))),
});

/**
 * Jobs, CronJobs and Pods that end: as Polaris, kube-score and Kyverno's require-probes policy
 * leave them out (https://github.com/FairwindsOps/polaris/issues/209).
 */
function runsToCompletion(site: PodSpecSite): boolean {
  return site.spec.restartPolicy === 'Never' || site.spec.restartPolicy === 'OnFailure';
}

export const HYG_EPHEMERAL_STORAGE = hygieneRule({
  id: 'HYG-EPHEMERAL-STORAGE',
  severity: Severity.WARNING,
  title: 'Every container sets ephemeral-storage requests and limits',
  why: 'Logs, writable layers and emptyDirs fill the node\'s disk; without requests the scheduler cannot place pods by disk, and without limits one server\'s logs or cache can make the kubelet evict its neighbours.',
  fix: 'Set resources.requests and resources.limits for ephemeral-storage (environment files: resources.requests/limits.ephemeralStorage; the default limit holds the server\'s emptyDirs).',
  check: (site) => allContainers(site).flatMap((c) => (['requests', 'limits'] as const)
    .filter((kind) => c.container.resources?.[kind]?.['ephemeral-storage'] === undefined)
    .map((kind) => ({ path: `${c.path}.resources.${kind}.ephemeral-storage`, message: `container "${c.container.name}" sets no ephemeral-storage ${kind.replace(/s$/, '')}` }))),
});

export const HYG_IMAGE_PINNED = hygieneRule({
  id: 'HYG-IMAGE-PINNED',
  severity: Severity.ERROR,
  title: 'Images are pinned by tag or digest, never `latest`',
  why: 'An unpinned image changes under you: two nodes can run two versions, and a rollback rolls back nothing.',
  fix: 'Use `image: repo:1.2.3` or `repo@sha256:<digest>`.',
  check: (site) => allContainers(site).flatMap((c) => {
    const image = String(c.container.image ?? '');
    const lastSegment = image.split('@')[0].split('/').pop() ?? '';
    const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
    if (image.includes('@sha256:')) return [];
    if (tag === undefined || tag === 'latest') {
      return [{ path: `${c.path}.image`, message: `container "${c.container.name}" uses image "${image}" without a pinned tag or digest` }];
    }
    return [];
  }),
});

export const HYG_IMAGE_DIGEST: Rule = {
  id: 'HYG-IMAGE-DIGEST',
  category: RuleCategory.HYGIENE,
  severity: Severity.WARNING,
  title: 'Production workloads pin images by digest',
  why: 'A tag can be pushed again: a node that pulls later runs other bytes than the one that pulled first, and what was reviewed is not what runs. A digest names the bytes.',
  fix: 'Write `image: repo:1.2.3@sha256:<digest>` (the tag stays readable, the digest decides); or waive HYG-IMAGE-DIGEST with the reason.',
  check: (obj) => {
    const site = podSpecOf(obj);
    if (!site || obj.metadata?.annotations?.[PRODUCTION_ANNOTATION] !== 'true') return [];
    return allContainers(site).filter((c) => !/@sha256:[a-f0-9]{64}$/.test(String(c.container.image ?? '')))
      .map((c) => ({ path: `${c.path}.image`, message: `container "${c.container.name}" of a production workload runs "${c.container.image}" by tag, not by digest` }));
  },
};

export const HYG_READ_ONLY_ROOT = hygieneRule({
  id: 'HYG-READ-ONLY-ROOT',
  severity: Severity.ERROR,
  title: 'Containers run with a read-only root filesystem',
  why: 'A writable root lets a compromised server change its own binaries; writable emptyDirs for /tmp and HOME are enough.',
  fix: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDirs where the server writes.',
  check: (site) => allContainers(site).filter((c) => c.container.securityContext?.readOnlyRootFilesystem !== true)
    .map((c) => ({ path: `${c.path}.securityContext.readOnlyRootFilesystem`, message: `container "${c.container.name}" does not set readOnlyRootFilesystem: true` })),
});

export const HYG_NUMERIC_USER = hygieneRule({
  id: 'HYG-NUMERIC-USER',
  severity: Severity.ERROR,
  title: 'Containers run as a numeric non-root user',
  why: 'Under runAsNonRoot the kubelet refuses images that name their user (USER node) unless a numeric runAsUser is set; images without USER run as root.',
  fix: 'Set securityContext.runAsUser to a non-zero number on the pod or the container.',
  check: (site) => allContainers(site).filter((c) => {
    const uid = c.container.securityContext?.runAsUser ?? site.spec.securityContext?.runAsUser;
    return !(Number.isInteger(uid) && uid > 0);
  }).map((c) => ({ path: `${c.path}.securityContext.runAsUser`, message: `container "${c.container.name}" has no numeric non-root runAsUser` })),
});

export const HYG_INLINE_SECRET = hygieneRule({
  id: 'HYG-INLINE-SECRET',
  severity: Severity.ERROR,
  title: 'No secret values inline in env',
  why: 'A token written into a manifest lands in git, in the dist branch and in every reviewer\'s diff.',
  fix: 'Put the value in a Secret and use env[].valueFrom.secretKeyRef (environment files: `secretEnv:`).',
  check: (site) => allContainers(site).flatMap((c) => (c.container.env ?? []).map((e: Manifest, i: number) => ({ e, i }))
    // An absolute path (GOOGLE_APPLICATION_CREDENTIALS=/var/run/...) names a mounted file, not a secret.
    .filter(({ e }: { e: Manifest }) => SECRET_NAME.test(String(e?.name)) && typeof e?.value === 'string' && e.value.length > 0 && !e.value.startsWith('/'))
    .map(({ e, i }: { e: Manifest; i: number }) => ({ path: `${c.path}.env[${i}].value`, message: `container "${c.container.name}" sets ${e.name} to an inline value` }))),
});

export const HYG_LITERAL_CREDENTIAL: Rule = {
  id: 'HYG-LITERAL-CREDENTIAL',
  category: RuleCategory.HYGIENE,
  severity: Severity.ERROR,
  title: 'No credential values in manifests: not in env values, command lines, annotations, ConfigMaps or Secret objects',
  why: 'A token in a manifest lands in git, in the dist branch and in every reviewer\'s diff, whatever the variable or key is called; a Secret object in the repository only base64-encodes it. Known token formats (GitHub, AWS, OpenAI, Google, Slack, Pulumi, PEM keys), URLs with a password, `password = ...` lines in config files and `--token <value>` arguments are found wherever they are.',
  fix: 'Create the Secret in the cluster by hand (or with a secrets operator) and reference it: env valueFrom.secretKeyRef, `$(VAR)` in args, a mounted Secret file; rotate the leaked credential.',
  examples: {
    fails: `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: mcp}
data:
  app.toml: |
    database_url = "postgres://admin:hunter2@db:5432/app"`,
    passes: `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: mcp}
data:
  app.toml: |
    database_url_file = "/var/run/secrets/db/url"`,
  },
  check: (obj) => [
    ...annotationCredentials(obj?.metadata?.annotations, 'metadata.annotations'),
    ...(obj?.kind === 'Secret' || obj?.kind === 'ConfigMap' ? dataCredentials(obj) : podCredentials(obj)),
  ],
};

function dataCredentials(obj: Manifest): Violation[] {
  const out: Violation[] = [];
  for (const field of ['data', 'stringData', 'binaryData']) {
    for (const [key, raw] of Object.entries<unknown>(obj[field] ?? {})) {
      const value = field === 'data' && obj.kind === 'Secret' && typeof raw === 'string' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      const what = credentialInConfigText(value);
      if (what) out.push({ path: `${field}.${key}`, message: `${obj.kind} key "${key}" holds ${what}` });
    }
  }
  return out;
}

function podCredentials(obj: Manifest): Violation[] {
  const site = podSpecOf(obj);
  if (!site) return [];
  // A Pod's own metadata is the object's, judged above; a template's sits beside its spec.
  const out = obj.kind === 'Pod' ? [] : annotationCredentials(site.metadata.annotations, `${site.path.replace(/\.?spec$/, '')}.metadata.annotations`);
  for (const c of allContainers(site)) {
    (c.container.env ?? []).forEach((e: Manifest, i: number) => {
      const what = credentialIn(e?.value);
      if (what) out.push({ path: `${c.path}.env[${i}].value`, message: `container "${c.container.name}" sets ${e.name} to ${what}` });
    });
    for (const field of ['command', 'args'] as const) {
      const words = c.container[field];
      const found = Array.isArray(words) ? credentialInArgs(words) : undefined;
      if (found) out.push({ path: `${c.path}.${field}[${found.index}]`, message: `container "${c.container.name}" has ${found.what} in its ${field}` });
    }
  }
  return out;
}

function annotationCredentials(annotations: unknown, at: string): Violation[] {
  if (annotations === null || typeof annotations !== 'object') return [];
  return Object.entries(annotations as Record<string, unknown>).flatMap(([key, value]) => {
    const what = credentialInConfigText(value);
    return what ? [{ path: `${at}.${key}`, message: `annotation "${key}" holds ${what}` }] : [];
  });
}

/** A container that declares no port in a pod whose auth proxy forwards to loopback: the server it fronts. */
function behindAuthProxy(site: PodSpecSite, c: ContainerSite): boolean {
  const proxy = authProxyOf(site);
  return proxy !== undefined && proxy.site !== c && (c.container.ports ?? []).length === 0 && /^https?:\/\/(127\.|localhost|\[::1\])/.test(proxy.target ?? '');
}

export const HYGIENE_RULES: Rule[] = [
  HYG_RESOURCES, HYG_EPHEMERAL_STORAGE, HYG_PROBES, HYG_IMAGE_PINNED, HYG_IMAGE_DIGEST, HYG_READ_ONLY_ROOT, HYG_NUMERIC_USER, HYG_INLINE_SECRET,
  HYG_LITERAL_CREDENTIAL,
];
