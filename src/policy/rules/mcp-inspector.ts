import { compareVersions, factsForImage, formatVersion, imageVersion, MCP_INSPECTOR, MCP_INSPECTOR_AUTH_SINCE, MCP_INSPECTOR_SIDECAR_SINCE, version } from '../../images';
import { PRODUCTION_ANNOTATION } from '../annotations';
import { Manifest } from '../manifest';
import { INSPECTOR_PORT, isInspector } from '../mcp-facts';
import { Rule, RuleContext, Severity, Violation } from '../rule';
import { routeBackends, selectedPods, serviceNamed, servicePortOf } from '../service-routes';
import { allContainers } from '../workloads';
import { envValue, mcpRule, onPods } from './mcp-rule';

/*
 * The MCP Inspector acts with the pod's credentials for whoever reaches it: never exposed,
 * never in production, always authenticated, on loopback only.
 */

/** The port an Inspector container listens on: CLIENT_PORT, else the image default. */
function inspectorListenPort(c: Manifest): number {
  return Number(envValue(c, 'CLIENT_PORT') ?? INSPECTOR_PORT);
}

/**
 * Whether a Service port reaches an Inspector container of the pods it selects: a named
 * targetPort naming one of its ports, or a number it declares or listens on (a Service
 * forwards to any port of the pod, declared or not).
 */
function inspectorBehind(service: Manifest, servicePort: Manifest, context: RuleContext): string | undefined {
  const target = servicePort?.targetPort ?? servicePort?.port;
  for (const site of selectedPods(service, context)) {
    for (const { container } of allContainers(site).filter((c) => isInspector(c.container))) {
      const ports: Manifest[] = container.ports ?? [];
      const reached = typeof target === 'string'
        ? ports.some((p) => p?.name === target)
        : ports.some((p) => p?.containerPort === target) || inspectorListenPort(container) === target;
      if (reached) return `container "${container.name}"`;
    }
  }
  return undefined;
}

export const MCP_INSPECTOR_EXPOSED = mcpRule({
  id: 'MCP-INSPECTOR-EXPOSED',
  severity: Severity.ERROR,
  title: 'The Inspector is never reachable through a Service, NodePort, Ingress, HTTPRoute or hostPort',
  why: 'Anyone who reaches the Inspector can run tools with the pod\'s credentials, and its start page hands out its token.',
  fix: 'Remove the port from the Service (or the route to it); reach the Inspector with `kubectl port-forward` only.',
  check: (obj, context) => {
    if (obj?.kind === 'Service') {
      return (obj.spec?.ports ?? []).flatMap((p: Manifest, i: number) => {
        const behind = inspectorBehind(obj, p, context);
        return behind ? [{ path: `spec.ports[${i}]`, message: `Service port ${p?.port} (target ${p?.targetPort ?? p?.port}) reaches the MCP Inspector (${behind})` }] : [];
      });
    }
    if (obj?.kind === 'Ingress' || obj?.kind === 'HTTPRoute') {
      const ns = obj.metadata?.namespace ?? '';
      return routeBackends(obj).flatMap((b) => {
        const service = serviceNamed(context, ns, b.name);
        const port = service && servicePortOf(service, b.port);
        const behind = port && inspectorBehind(service!, port, context);
        return behind ? [{ path: b.path, message: `${obj.kind} routes to Service ${b.name} port ${b.port.number ?? b.port.name}, which reaches the MCP Inspector (${behind})` }] : [];
      });
    }
    return onPods((site) => allContainers(site).filter((c) => isInspector(c.container))
      .flatMap((c) => (c.container.ports ?? []).filter((p: Manifest) => p?.hostPort)
        .map((p: Manifest) => ({ path: `${c.path}.ports`, message: `the Inspector container publishes hostPort ${p.hostPort}` }))))(obj);
  },
});

export const MCP_INSPECTOR_PRODUCTION = mcpRule({
  id: 'MCP-INSPECTOR-PRODUCTION',
  severity: Severity.ERROR,
  title: 'No Inspector in a production environment',
  why: 'The Inspector is a debugging aid that acts with the server\'s credentials; production refuses debugging aids.',
  fix: 'Remove `inspector: true` from servers of production environments.',
  check: onPods((site, obj) => (obj.metadata?.annotations?.[PRODUCTION_ANNOTATION] === 'true'
    ? allContainers(site).filter((c) => isInspector(c.container)).map((c) => ({ path: c.path, message: 'the MCP Inspector runs in a workload marked production' }))
    : [])),
});

export const MCP_INSPECTOR_NO_AUTH = mcpRule({
  id: 'MCP-INSPECTOR-NO-AUTH',
  severity: Severity.ERROR,
  title: 'The Inspector has authentication: a release that has it, and DANGEROUSLY_OMIT_AUTH never set',
  why: `With auth off, anything that reaches the Inspector's port can spawn processes in the pod; releases before ${MCP_INSPECTOR_AUTH_SINCE} have no auth at all (CVE-2025-49596).`,
  fix: `Run release ${MCP_INSPECTOR_SIDECAR_SINCE} or later, remove DANGEROUSLY_OMIT_AUTH and give the Inspector MCP_INSPECTOR_API_TOKEN from a Secret.`,
  check: onPods((site) => allContainers(site).flatMap((c) => {
    const omitted = (c.container.env ?? []).map((e: Manifest, i: number) => ({ e, i }))
      .filter(({ e }: { e: Manifest }) => e?.name === 'DANGEROUSLY_OMIT_AUTH' && /^(true|1|yes)$/i.test(String(e.value)))
      .map(({ i }: { i: number }) => ({ path: `${c.path}.env[${i}]`, message: `container "${c.container.name}" sets DANGEROUSLY_OMIT_AUTH` }));
    const v = factsForImage(c.container.image) === MCP_INSPECTOR ? imageVersion(String(c.container.image)) : undefined;
    const unauthenticated = v && compareVersions(v, version(MCP_INSPECTOR_AUTH_SINCE)) < 0
      ? [{ path: `${c.path}.image`, message: `container "${c.container.name}" runs Inspector ${formatVersion(v)}, a release without authentication (${MCP_INSPECTOR_AUTH_SINCE} added it)` }] : [];
    return [...omitted, ...unauthenticated];
  })),
});

export const MCP_INSPECTOR_ALL_INTERFACES = mcpRule({
  id: 'MCP-INSPECTOR-ALL-INTERFACES',
  severity: Severity.ERROR,
  title: 'The Inspector binds to loopback only',
  why: 'The image defaults to HOST=0.0.0.0 with DANGEROUSLY_BIND_ALL_INTERFACES=true, so any pod in the cluster can reach it.',
  fix: 'Set HOST=127.0.0.1 and DANGEROUSLY_BIND_ALL_INTERFACES=false on the Inspector container.',
  check: onPods((site) => allContainers(site).filter((c) => isInspector(c.container)).flatMap((c) => {
    const host = envValue(c.container, 'HOST');
    const bindAll = envValue(c.container, 'DANGEROUSLY_BIND_ALL_INTERFACES');
    const out: Violation[] = [];
    if (!['127.0.0.1', 'localhost', '::1'].includes(String(host))) out.push({ path: `${c.path}.env`, message: `the Inspector's HOST is ${host === undefined ? 'unset (image default 0.0.0.0)' : `"${host}"`}` });
    if (bindAll !== 'false') out.push({ path: `${c.path}.env`, message: `the Inspector's DANGEROUSLY_BIND_ALL_INTERFACES is ${bindAll === undefined ? 'unset (image default true)' : `"${bindAll}"`}` });
    return out;
  })),
});


export const MCP_INSPECTOR_RULES: Rule[] = [MCP_INSPECTOR_EXPOSED, MCP_INSPECTOR_PRODUCTION, MCP_INSPECTOR_NO_AUTH, MCP_INSPECTOR_ALL_INTERFACES];
