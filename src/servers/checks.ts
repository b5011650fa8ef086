import { CheckedEnvironment, CrossFieldChecks, CrossFieldProblem, IndexedServer, productionAuthProblems } from '../config/cross-field';
import { AuthSpec, EndpointSpec, ServerSpec, TelemetrySpec } from '../config/schema';
import { fileKey } from '../constructs/file-key';
import { allDerivedNames, MAX_NAME_LENGTH } from '../constructs/naming';
import { factsForImage, flagMissingFrom, formatVersion, imageVersion, KUBERNETES_MCP_SERVER, KUBERNETES_MCP_TOOL_API, PULUMI_SUBCOMMAND, PULUMI_WORKBENCH } from '../images';
import { excerpt } from '../policy/credentials';
import { MAX_CONFIG_BYTES } from '../policy/rules/schema-semantics';
import { exposureOf, gatewayToolAccess, keepsSessions } from './access';
import { loopbackProblem, resourcePathProblem } from './auth';
import { endpointProblems } from './endpoint-checks';
import { kubernetesFlagsByField, unknownToolProblems } from './kubernetes';
import { offeredTools } from './kubernetes-rbac';
import { reservedNames } from './reserved';

import { collectorOf, otelEnv, telemetryOf, telemetryProblems } from './telemetry';

/**
 * The catalog's rules that span fields: unique names, name lengths after derivation, and
 * options that contradict each other or what an image supports. The loader (config/load.ts)
 * runs them on every server that passed the schema on its own, so a file with a typo
 * elsewhere still gets these problems reported in the same run.
 */
export const serverChecks: CrossFieldChecks = (env, servers) => crossFieldProblems(env, servers);

function crossFieldProblems(env: CheckedEnvironment, servers: IndexedServer[]): CrossFieldProblem[] {
  const namespace = env.namespace;
  const problems: CrossFieldProblem[] = [];
  const firstIndex = new Map<string, number>();
  const nodePorts = new Map<number, number>();
  const endpoints = env.endpoints ?? [];
  servers.forEach(({ index: i, spec: server }) => {
    const at = (...rest: Array<string | number>) => ['servers', i, ...rest];
    const seen = firstIndex.get(server.name);
    if (seen !== undefined) {
      problems.push({ path: at('name'), message: `expected a name unique in the environment, got "${server.name}" (already used by servers[${seen}])` });
    } else {
      firstIndex.set(server.name, i);
    }
    const ns = server.namespace ?? namespace ?? '';
    const tooLong = allDerivedNames(ns, server.name).filter((n) => n.length > MAX_NAME_LENGTH);
    if (tooLong.length > 0) {
      problems.push({
        path: at('name'),
        message: `expected a name short enough that derived object names stay within ${MAX_NAME_LENGTH} characters, got "${server.name}" (would produce "${tooLong[0]}", ${tooLong[0].length} characters; shorten the server name or the namespace "${ns}")`,
      });
    }
    if (env.production && server.inspector) {
      problems.push({ path: at('inspector'), message: 'expected no Inspector in a production environment (it acts with the pod\'s credentials for anyone who reaches it), got true' });
    }
    if (server.service?.nodePort !== undefined && server.service.type !== 'NodePort') {
      problems.push({ path: at('service', 'nodePort'), message: `expected no nodePort unless service.type is NodePort, got ${server.service.nodePort} with type ${server.service.type}` });
    }
    const auth = server.auth ?? env.auth;
    if (server.tools?.grants) problems.push(...grantProblems(server, auth, endpoints).map((message) => ({ path: at('tools', 'grants'), message })));
    if (gatewayToolAccess(server) && !server.expose?.agentgateway && !endpoints.some((e) => e?.servers.includes(server.name))) {
      problems.push({ path: at('tools'), message: server.type === 'kubernetes'
        ? 'expected expose.agentgateway, or an endpoint, with tools.grants on a kubernetes server: agentgateway enforces them (only it sees the caller\'s token), and no agentgateway route reaches it'
        : `expected expose.agentgateway, or an endpoint, with tools on a ${server.type} server: agentgateway enforces them (the auth proxy, thv proxy v0.47.0, has no tool filter and the server has no list of its own), and no agentgateway route reaches it` });
    }
    if (server.type === 'generic' && server.stateless && server.transport === 'sse') {
      problems.push({ path: at('stateless'), message: 'expected stateless: false with transport sse (an SSE session lives in one pod\'s memory), got true' });
    }
    problems.push(...mountAndEnvCollisions(server).map((p) => ({ path: at(...p.path), message: p.message })));
    if (server.expose) {
      const sessions = exposureOf(server.expose).sessionProblem(keepsSessions(server), Math.max(server.replicas, server.autoscale?.max ?? 0));
      if (sessions) problems.push({ path: at('expose'), message: `expected an exposure that keeps each MCP session on one pod, got ${sessions}` });
    }
    const port = server.service?.nodePort;
    if (port !== undefined) {
      const owner = nodePorts.get(port);
      if (owner !== undefined) problems.push({ path: at('service', 'nodePort'), message: `expected a nodePort no other server of this environment uses, got ${port} (servers[${owner}] uses it; NodePorts are cluster-wide)` });
      else nodePorts.set(port, i);
    }
    if (server.type === 'kubernetes' && server.access?.tools && !offeredTools(server)) {
      problems.push({ path: at('access', 'tools'), message: `expected kubernetes-mcp-server ${KUBERNETES_MCP_TOOL_API.release} with access.tools (the release whose tools' API requests are recorded, ${KUBERNETES_MCP_TOOL_API.sources[0]}), got "${server.image}"; use access: {clusterReader: {}} for the built-in view` });
    }
    problems.push(...imageProblems(server, auth?.oauth !== undefined).map((p) => ({ path: at(...p.path), message: p.message })));
    problems.push(...loopbackProblems(server, auth).map((p) => ({ path: at(...p.path), message: p.message })));
    if (env.production) problems.push(...productionAuthProblems(server.auth, at('auth')));
    problems.push(...telemetryProblems(server, env.telemetry).map((p) => ({ path: at(...p.field), message: p.message })));
    problems.push(...otelCollisions(server, env.telemetry).map((p) => ({ path: at(...p.path), message: p.message })));
  });
  if (env.production) problems.push(...productionAuthProblems(env.auth, ['auth']));
  const collector = env.telemetry ? collectorOf(env.telemetry) : undefined;
  if (collector && 'problem' in collector) problems.push({ path: ['telemetry', 'collector'], message: collector.problem });
  problems.push(...endpointProblems({ ...env, serverNames: env.serverNames ?? servers.map((s) => s.spec.name) }, endpoints, servers));
  return problems;
}

/** The OTEL_* variables a generic server gets from telemetry, set again by hand. */
function otelCollisions(server: ServerSpec, environment: TelemetrySpec | undefined): CrossFieldProblem[] {
  const telemetry = server.type === 'generic' ? telemetryOf(server, environment) : undefined;
  if (!telemetry) return [];
  const names = Object.keys(otelEnv(telemetry, server.name));
  return (['env', 'secretEnv', 'configMapEnv'] as const).flatMap((field) => Object.keys(server[field] ?? {}).filter((name) => names.includes(name))
    .map((name) => ({ path: [field, name], message: `expected an environment variable cdk8s-mcp does not set itself, got "${name}" (set from telemetry)` })));
}

/**
 * Mounts at one path and env vars set twice: among the server's own fields, and with what
 * the catalog mounts and sets itself (see servers/reserved.ts).
 */
function mountAndEnvCollisions(server: ServerSpec): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const reserved = reservedNames(server);
  const claimed = new Map<string, string>(Object.entries(reserved.paths).map(([p, what]) => [p, what]));
  const claim = (field: Array<string | number>, path: string, what: string) => {
    const normal = path.replace(/\/+$/, '') || '/';
    const owner = claimed.get(normal);
    if (owner) problems.push({ path: field, message: `expected a path nothing else is mounted at, got "${path}" (already ${owner})` });
    else claimed.set(normal, what);
  };
  (server.writablePaths ?? []).forEach((p, i) => claim(['writablePaths', i], p, `writablePaths[${i}]`));
  Object.keys(server.configFiles ?? {}).forEach((p) => claim(['configFiles', p], p, `configFiles "${p}"`));
  Object.keys(server.secretFiles ?? {}).forEach((p) => claim(['secretFiles', p], p, `secretFiles "${p}"`));
  const seen = new Map<string, string>();
  for (const field of ['env', 'secretEnv', 'configMapEnv'] as const) {
    for (const name of Object.keys(server[field] ?? {})) {
      if (reserved.env[name]) {
        problems.push({ path: [field, name], message: `expected an environment variable cdk8s-mcp does not set itself, got "${name}" (set to ${reserved.env[name]})` });
      } else if (seen.has(name)) {
        problems.push({ path: [field, name], message: `expected each environment variable once across env, secretEnv and configMapEnv, got "${name}" (also in ${seen.get(name)})` });
      } else {
        seen.set(name, field);
      }
    }
  }
  (server.args ?? []).forEach((arg, i) => {
    const flag = Object.keys(reserved.flags).find((f) => arg === f || arg.startsWith(`${f}=`));
    if (flag) problems.push({ path: ['args', i], message: `expected no ${flag} in args (cdk8s-mcp sets it from the field "${reserved.flags[flag]}"; set that instead), got ${excerpt(arg)}` });
  });
  const bytes = Object.entries(server.configFiles ?? {}).reduce((n, [p, text]) => n + Buffer.byteLength(fileKey(p)) + Buffer.byteLength(text), 0);
  if (bytes > MAX_CONFIG_BYTES) {
    problems.push({ path: ['configFiles'], message: `expected files that fit one ConfigMap (at most ${MAX_CONFIG_BYTES} bytes), got ${bytes} bytes` });
  }
  return problems;
}

/**
 * What the pinned image cannot do: a flag its release lacks (the first release that has it
 * is named), or a command line that would not start the server over HTTP.
 */
function imageProblems(server: ServerSpec, behindProxy: boolean): CrossFieldProblem[] {
  if (server.type === 'kubernetes') {
    const v = imageVersion(server.image);
    const tools = unknownToolProblems(server).map((p) => ({ path: ['tools', p.field], message: p.message }));
    return [...tools, ...kubernetesFlagsByField(server, behindProxy).flatMap(({ field, flag }) => {
      const missing = flagMissingFrom(KUBERNETES_MCP_SERVER, server.image, flag);
      return missing ? [{
        path: [field],
        message: `expected an image whose release has ${flag} (kubernetes-mcp-server ${missing.since} or later, see ${missing.source}), got "${server.image}" (version ${formatVersion(v!)})`,
      }] : [];
    })];
  }
  if (server.type === 'pulumi') {
    const others = PULUMI_SUBCOMMAND.others.filter((word) => server.command?.includes(word));
    if (others.length > 0) {
      return [{ path: ['command'], message: `expected a command that serves HTTP (the catalog adds "${PULUMI_SUBCOMMAND.serving}"), got ${JSON.stringify(server.command)} (${others[0]} serves no port)` }];
    }
    if (!server.command && factsForImage(server.image) === PULUMI_WORKBENCH) {
      return [{ path: ['command'], message: `expected a command that starts the MCP server, e.g. [pulumi-mcp-server, http], for "${server.image}" (its own command prints versions and exits), got none` }];
    }
  }
  return [];
}

/** Grants look at the caller's token: every agentgateway way to the server must check one. */
function grantProblems(server: ServerSpec, auth: AuthSpec | undefined, endpoints: ReadonlyArray<EndpointSpec | undefined>): string[] {
  const problems: string[] = [];
  if (server.expose?.agentgateway && !auth?.gateway) {
    problems.push('expected auth.gateway with tools.grants and expose.agentgateway: grants match claims of the caller\'s token, and without a token check agentgateway has none (every granted tool would be refused to everyone)');
  }
  for (const endpoint of endpoints) {
    if (endpoint?.servers.includes(server.name) && !endpoint.auth?.gateway) {
      problems.push(`expected auth.gateway on endpoint "${endpoint.name}" with tools.grants: grants match claims of the caller's token, and that endpoint checks none`);
    }
  }
  return problems;
}

/** What a server's auth needs: with oauth, a server that can bind 127.0.0.1 behind the proxy, and a resource URL on its MCP path. */
function loopbackProblems(server: ServerSpec, auth: AuthSpec | undefined): CrossFieldProblem[] {
  const problem = auth?.oauth ? loopbackProblem(server) : undefined;
  const resource = resourcePathProblem(server, auth);
  const gatewayRoute = auth?.gateway && !server.expose?.agentgateway
    ? [{ path: server.auth ? ['auth', 'gateway'] : ['name'], message: 'expected expose.agentgateway with auth.gateway: the AgentgatewayPolicy that checks tokens attaches to the AgentgatewayBackend of that exposure, and there is none' }]
    : [];
  const exchange = auth?.oauth?.tokenExchange && server.type !== 'kubernetes'
    ? [{ path: server.auth ? ['auth', 'oauth', 'tokenExchange'] : ['name'], message: `expected no tokenExchange on a ${server.type} server: it passes the caller's identity to the Kubernetes API through kubernetes-mcp-server (cluster_auth_mode passthrough), and a ${server.type} server calls its APIs with credentials of its own` }]
    : [];
  return [
    ...(problem ? [{ path: [problem.field], message: problem.message }] : []),
    ...exchange,
    ...(resource ? [{ path: server.auth ? ['auth', 'oauth', 'resource'] : ['name'], message: resource }] : []),
    ...gatewayRoute,
  ];
}

