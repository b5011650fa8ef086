import { Manifest } from '../manifest';
import { Rule, RuleCategory, Severity, Violation } from '../rule';
import { allContainers, podSpecOf, PodSpecSite } from '../workloads';

/*
 * Our stricter defaults for workloads, kept apart from the Pod Security Standards: what a
 * well-run MCP server needs beyond what the standard demands.
 */

function hygieneRule(id: string, severity: Severity, title: string, why: string, fix: string, check: (site: PodSpecSite) => Violation[]): Rule {
  return {
    id, category: RuleCategory.HYGIENE, severity, title, why, fix,
    check: (obj: Manifest) => {
      const site = podSpecOf(obj);
      return site ? check(site) : [];
    },
  };
}

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY)/i;

export const HYG_RESOURCES = hygieneRule('HYG-RESOURCES', Severity.ERROR, 'Every container sets CPU and memory requests and limits',
  'Without requests the scheduler packs pods blindly; without limits one runaway MCP server can starve the node.',
  'Set resources.requests and resources.limits for cpu and memory (environment files: `resources:`).',
  (site) => allContainers(site).flatMap((c) => (['requests', 'limits'] as const).flatMap((kind) => (['cpu', 'memory'] as const)
    .filter((r) => c.container.resources?.[kind]?.[r] === undefined)
    .map((r) => ({ path: `${c.path}.resources.${kind}.${r}`, message: `container "${c.container.name}" sets no ${r} ${kind.replace(/s$/, '')}` })))));

export const HYG_PROBES = hygieneRule('HYG-PROBES', Severity.WARNING, 'App containers have readiness and liveness probes',
  'Without readiness a Service sends MCP sessions to pods that are not listening yet; without liveness a hung server is never restarted.',
  'Add readinessProbe and livenessProbe (TCP unless the server has a health route).',
  (site) => allContainers(site).filter((c) => c.kind === 'containers').flatMap((c) => (['readinessProbe', 'livenessProbe'] as const)
    .filter((p) => c.container[p] === undefined)
    .map((p) => ({ path: `${c.path}.${p}`, message: `container "${c.container.name}" has no ${p}` }))));

export const HYG_IMAGE_PINNED = hygieneRule('HYG-IMAGE-PINNED', Severity.ERROR, 'Images are pinned by tag or digest, never `latest`',
  'An unpinned image changes under you: two nodes can run two versions, and a rollback rolls back nothing.',
  'Use `image: repo:1.2.3` or `repo@sha256:<digest>`.',
  (site) => allContainers(site).flatMap((c) => {
    const image = String(c.container.image ?? '');
    const lastSegment = image.split('@')[0].split('/').pop() ?? '';
    const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
    if (image.includes('@sha256:')) return [];
    if (tag === undefined || tag === 'latest') {
      return [{ path: `${c.path}.image`, message: `container "${c.container.name}" uses image "${image}" without a pinned tag or digest` }];
    }
    return [];
  }));

export const HYG_READ_ONLY_ROOT = hygieneRule('HYG-READ-ONLY-ROOT', Severity.ERROR, 'Containers run with a read-only root filesystem',
  'A writable root lets a compromised server change its own binaries; writable emptyDirs for /tmp and HOME are enough.',
  'Set securityContext.readOnlyRootFilesystem: true and mount emptyDirs where the server writes.',
  (site) => allContainers(site).filter((c) => c.container.securityContext?.readOnlyRootFilesystem !== true)
    .map((c) => ({ path: `${c.path}.securityContext.readOnlyRootFilesystem`, message: `container "${c.container.name}" does not set readOnlyRootFilesystem: true` })));

export const HYG_NUMERIC_USER = hygieneRule('HYG-NUMERIC-USER', Severity.ERROR, 'Containers run as a numeric non-root user',
  'Under runAsNonRoot the kubelet refuses images that name their user (USER node) unless a numeric runAsUser is set; images without USER run as root.',
  'Set securityContext.runAsUser to a non-zero number on the pod or the container.',
  (site) => allContainers(site).filter((c) => {
    const uid = c.container.securityContext?.runAsUser ?? site.spec.securityContext?.runAsUser;
    return !(Number.isInteger(uid) && uid > 0);
  }).map((c) => ({ path: `${c.path}.securityContext.runAsUser`, message: `container "${c.container.name}" has no numeric non-root runAsUser` })));

export const HYG_INLINE_SECRET = hygieneRule('HYG-INLINE-SECRET', Severity.ERROR, 'No secret values inline in env',
  'A token written into a manifest lands in git, in the dist branch and in every reviewer\'s diff.',
  'Put the value in a Secret and use env[].valueFrom.secretKeyRef (environment files: `secretEnv:`).',
  (site) => allContainers(site).flatMap((c) => (c.container.env ?? []).map((e: Manifest, i: number) => ({ e, i }))
    // An absolute path (GOOGLE_APPLICATION_CREDENTIALS=/var/run/...) names a mounted file, not a secret.
    .filter(({ e }: { e: Manifest }) => SECRET_NAME.test(String(e?.name)) && typeof e?.value === 'string' && e.value.length > 0 && !e.value.startsWith('/'))
    .map(({ e, i }: { e: Manifest; i: number }) => ({ path: `${c.path}.env[${i}].value`, message: `container "${c.container.name}" sets ${e.name} to an inline value` }))));

export const HYGIENE_RULES: Rule[] = [HYG_RESOURCES, HYG_PROBES, HYG_IMAGE_PINNED, HYG_READ_ONLY_ROOT, HYG_NUMERIC_USER, HYG_INLINE_SECRET];
