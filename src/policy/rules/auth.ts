import { effectiveCommandLine, factsForImage, isLoopback, lastFlagValue, listenHost, serverArgs, TOOLHIVE, TOOLHIVE_PROXY_FLAGS } from '../../images';
import { AUTH_ANNOTATION, PRODUCTION_ANNOTATION } from '../annotations';
import { labelSelectorMatches, runIndex, servicesSelecting } from '../index';
import { Manifest, SourcedManifest } from '../manifest';
import { Rule, RuleCategory, RuleContext, Severity, Violation } from '../rule';
import { routeBackends } from '../service-routes';
import { allContainers, ContainerSite, podSpecOf, PodSpecSite } from '../workloads';
import { isMcpWorkload, policiesSelecting } from './network';

/*
 * Who may reach an MCP server, and whether anything checks who they are. A token check
 * counts when it is in the pod: an auth proxy (toolhive `thv proxy` with --oidc-issuer)
 * in front of a server that listens on 127.0.0.1 only. A declaration that something else
 * enforces it (the cdk8s-mcp/auth annotation, from `auth.external`) covers routes through
 * that something, never a NodePort or an address range that skips it.
 */

/** The token-checking auth proxy of a pod, if it has one. */
export interface AuthProxy {
  readonly site: ContainerSite;
  readonly issuer: string;
  /** Where it forwards, e.g. `http://127.0.0.1:18080`. */
  readonly target?: string;
}

export function authProxyOf(site: PodSpecSite): AuthProxy | undefined {
  for (const c of allContainers(site)) {
    if (factsForImage(c.container.image) !== TOOLHIVE) continue;
    const commandLine = effectiveCommandLine(TOOLHIVE, { image: String(c.container.image), command: c.container.command, args: c.container.args });
    const args = serverArgs(TOOLHIVE, commandLine);
    const issuer = args ? lastFlagValue(args, TOOLHIVE_PROXY_FLAGS.issuer) : undefined;
    if (issuer) return { site: c, issuer, target: lastFlagValue(args!, TOOLHIVE_PROXY_FLAGS.target) };
  }
  return undefined;
}

/** A way into the server from outside its namespace; `direct` ones skip any gateway. */
interface Path {
  readonly what: string;
  readonly direct: boolean;
}

/** Services of the run in the workload's namespace that select its pods. */
function servicesOf(obj: Manifest, site: PodSpecSite, context: RuleContext): Manifest[] {
  return servicesSelecting(runIndex(context.all), obj.metadata?.namespace ?? '', site.metadata.labels);
}

/** The routes of the run (HTTPRoute, Ingress, VirtualService, AgentgatewayBackend) that reach one of these Services. */
function routesTo(services: Manifest[], all: readonly SourcedManifest[]): string[] {
  const names = new Set(services.map((s) => `${s.metadata?.namespace ?? ''}/${s.metadata?.name}`));
  const out: string[] = [];
  for (const { object } of all) {
    const ns = object?.metadata?.namespace ?? '';
    const ref = `${object?.kind} ${ns}/${object?.metadata?.name}`;
    if (object?.kind === 'HTTPRoute' || object?.kind === 'Ingress') {
      if (routeBackends(object).some((b) => names.has(`${ns}/${b.name}`))) out.push(ref);
    } else if (object?.kind === 'VirtualService') {
      const hosts = (object.spec?.http ?? []).flatMap((h: Manifest) => (h?.route ?? []).map((r: Manifest) => String(r?.destination?.host ?? '')));
      if (hosts.some((h: string) => names.has(`${h.includes('.') ? h.split('.')[1] : ns}/${h.split('.')[0]}`))) out.push(ref);
    } else if (object?.kind === 'AgentgatewayBackend') {
      const selectors = (object.spec?.mcp?.targets ?? []).map((t: Manifest) => t?.selector?.services).filter(Boolean);
      const reaches = services.some((s) => s.metadata?.namespace === ns
        && selectors.some((sel: Manifest) => labelSelectorMatches(sel, s.metadata?.labels ?? {})));
      // A backend whose token check agentgateway enforces is not a way in without a token.
      if (reaches && !gatewayChecksTokens(object, all)) out.push(ref);
    }
  }
  return out;
}

/**
 * Whether an AgentgatewayPolicy of the run makes agentgateway check tokens for this backend:
 * backend.mcp.authentication, not in an optional or permissive mode.
 */
function gatewayChecksTokens(backend: Manifest, all: readonly SourcedManifest[]): boolean {
  const ns = backend.metadata?.namespace ?? '';
  return all.some(({ object: p }) => p?.kind === 'AgentgatewayPolicy' && (p.metadata?.namespace ?? '') === ns
    && (p.spec?.targetRefs ?? []).some((t: Manifest) => t?.kind === 'AgentgatewayBackend' && t?.name === backend.metadata?.name)
    && p.spec?.backend?.mcp?.authentication && !['Optional', 'Permissive'].includes(p.spec.backend.mcp.authentication.mode));
}

/** Peers of one NetworkPolicy ingress rule that lie outside the namespace, as paths. */
function ingressPaths(policy: Manifest, ns: string): Path[] {
  const where = `NetworkPolicy ${ns}/${policy.metadata?.name}`;
  if (!(policy.spec?.policyTypes ?? ['Ingress']).includes('Ingress')) return [{ what: `${where} does not restrict ingress`, direct: true }];
  return (policy.spec?.ingress ?? []).flatMap((rule: Manifest): Path[] => {
    const from: Manifest[] = rule?.from ?? [];
    if (from.length === 0) return [{ what: `${where} lets every source in`, direct: true }];
    return from.flatMap((peer: Manifest): Path[] => {
      if (peer?.ipBlock) return [{ what: `${where} lets ${peer.ipBlock.cidr} in`, direct: true }];
      const nsSelector = peer?.namespaceSelector;
      if (!nsSelector) return [];
      const only = nsSelector.matchLabels?.['kubernetes.io/metadata.name'];
      if (only === ns) return [];
      return [{ what: `${where} lets ${only ? `namespace ${only}` : 'every namespace matching its selector'} in`, direct: false }];
    });
  });
}

/** Every way in from outside the workload's namespace. */
function outsidePaths(obj: Manifest, site: PodSpecSite, context: RuleContext): Path[] {
  const ns = obj.metadata?.namespace ?? '';
  const services = servicesOf(obj, site, context);
  const paths: Path[] = services.filter((s) => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer')
    .map((s) => ({ what: `${s.spec.type} Service ${ns}/${s.metadata?.name}`, direct: true }));
  paths.push(...routesTo(services, context.all).map((what) => ({ what, direct: false })));
  const policies = policiesSelecting(context.all, ns, site.metadata.labels ?? {});
  if (policies.length === 0) paths.push({ what: 'no NetworkPolicy selects its pods, so every pod of the cluster reaches it', direct: true });
  // NetworkPolicies add up: a peer any of them admits is admitted.
  paths.push(...policies.flatMap((p) => ingressPaths(p, ns)));
  return paths;
}

/** The declared external enforcement, when the annotation holds one. */
function externalAuth(obj: Manifest): { enforcedBy: string } | undefined {
  const raw = obj.metadata?.annotations?.[AUTH_ANNOTATION];
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = JSON.parse(raw);
    return typeof parsed?.enforcedBy === 'string' && parsed.enforcedBy.trim() ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export const MCP_EXPOSED_NO_AUTH: Rule = {
  id: 'MCP-EXPOSED-NO-AUTH',
  category: RuleCategory.MCP,
  severity: Severity.ERROR,
  title: 'A production MCP server reachable from outside its namespace enforces authentication',
  why: 'An MCP server runs tools with its own credentials for whoever reaches it. A NodePort, a LoadBalancer, an address range or another namespace let in by its NetworkPolicy, or a route through a gateway: each is a way in, and without a token check in the pod (or, for routes, one a gateway enforces) that is anyone on the network.',
  fix: 'Give the server auth.oauth (an auth proxy in its pod checks every token), or auth.external naming what enforces it for routes; close direct paths (NodePort, LoadBalancer, CIDRs, foreign namespaces) that skip a gateway; or waive with the reason.',
  check: (obj, context) => {
    const site = podSpecOf(obj);
    if (!site || obj.kind === 'Pod' || obj.metadata?.annotations?.[PRODUCTION_ANNOTATION] !== 'true' || !isMcpWorkload(obj)) return [];
    if (authProxyOf(site)) return [];
    const external = externalAuth(obj);
    const open = outsidePaths(obj, site, context).filter((p) => !external || p.direct);
    if (open.length === 0) return [];
    const why = external ? `authentication is declared at "${external.enforcedBy}", which these paths skip` : 'no authentication is enforced';
    return [{ path: 'spec.template.spec', message: `production MCP server reachable from outside its namespace and ${why}: ${open.map((p) => p.what).join('; ')}` }];
  },
};

export const MCP_AUTH_PROXY_BYPASS: Rule = {
  id: 'MCP-AUTH-PROXY-BYPASS',
  category: RuleCategory.MCP,
  severity: Severity.ERROR,
  title: 'Nothing reaches an MCP server past the auth proxy in front of it',
  why: 'The proxy checks tokens on its own port only. A server that still listens on the pod address (or a proxy that forwards to one) can be called directly by any pod the NetworkPolicy lets in, with no token at all.',
  fix: 'Bind the server to 127.0.0.1 (environment files do this for auth.oauth: kubernetes --bind-address, the github bridge --host, Pulumi MCP_HTTP_HOST, generic hostFlag/hostEnv) and point the proxy\'s --target-uri at 127.0.0.1.',
  check: (obj) => {
    const site = podSpecOf(obj);
    const proxy = site ? authProxyOf(site) : undefined;
    if (!site || !proxy) return [];
    const out: Violation[] = [];
    const target = proxy.target ? safeUrl(proxy.target) : undefined;
    if (!target || !isLoopback(target.hostname)) {
      out.push({ path: `${proxy.site.path}.args`, message: `the auth proxy forwards to ${proxy.target ?? 'nothing (no --target-uri)'}, not to 127.0.0.1: the server it protects is reachable on the pod address` });
    }
    for (const c of allContainers(site).filter((c) => c.kind === 'containers' && c !== proxy.site)) {
      const facts = factsForImage(c.container.image);
      if (!facts || facts === TOOLHIVE) {
        if ((c.container.ports ?? []).length > 0) out.push({ path: `${c.path}.ports`, message: `container "${c.container.name}" beside the auth proxy declares a port, reachable on the pod address without a token` });
        continue;
      }
      const env = Object.fromEntries((c.container.env ?? []).filter((e: Manifest) => typeof e?.value === 'string').map((e: Manifest) => [e.name, e.value]));
      const host = listenHost(facts, { image: String(c.container.image), command: c.container.command, args: c.container.args, env });
      if (host !== undefined && !isLoopback(host)) {
        out.push({ path: `${c.path}.args`, message: `container "${c.container.name}" (${facts.title}) listens on ${host}, reachable on the pod address past the auth proxy` });
      }
    }
    return out;
  },
};

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export const AUTH_RULES: Rule[] = [MCP_EXPOSED_NO_AUTH, MCP_AUTH_PROXY_BYPASS];
