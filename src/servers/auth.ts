import { Construct } from 'constructs';
import { AuthSpec, ServerSpec } from '../config/schema';
import { AgentgatewayAuthentication, defaultPath, McpApp, McpAuthProxy, McpTransport } from '../constructs';
import { compareVersions, factsForImage, formatVersion, imageVersion, KUBERNETES_MCP_CLUSTER_AUTH_MODE, KUBERNETES_MCP_SERVER, MCP_PROXY_PATHS, PULUMI_HOST, PULUMI_MCP_SERVER, version } from '../images';
import { AUTH_ANNOTATION } from '../policy/annotations';
import { ServerContext } from './server-context';

/*
 * Authentication of a server's clients, as its environment file states it: `oauth` puts an
 * auth proxy in front of the server, which then binds 127.0.0.1 on a port of its own;
 * `external` records who enforces it elsewhere, on the Deployment, for review and the gate.
 * How each server type binds loopback comes from its image facts.
 */

/** Where a server behind the auth proxy listens. */
export const LOOPBACK_HOST = '127.0.0.1';

/** The loopback port of a server behind the proxy: any port but the one the proxy takes. */
export function loopbackPortFor(port: number): number {
  return port === 18080 ? 18081 : 18080;
}

/** The auth that applies to a server: its own, else the environment's. */
export function authOf(spec: ServerSpec, context: Pick<ServerContext, 'auth'>): AuthSpec | undefined {
  return spec.auth ?? context.auth;
}

/** The loopback port when the server sits behind the auth proxy, for McpApp's `loopbackPort`. */
export function loopbackPort(spec: ServerSpec, context: Pick<ServerContext, 'auth'>): number | undefined {
  return authOf(spec, context)?.oauth ? loopbackPortFor(spec.port) : undefined;
}

/** Adds what enforces or records the server's auth. */
export function addAuth(scope: Construct, app: McpApp, auth: AuthSpec | undefined): void {
  if (auth?.oauth) {
    new McpAuthProxy(scope, 'AuthProxy', { app, ...auth.oauth });
  } else if (auth?.gateway) {
    recordGatewayAuth(app, app.name, auth.gateway.issuer);
  } else if (auth?.external) {
    app.deployment.metadata.addAnnotation(AUTH_ANNOTATION, JSON.stringify(auth.external));
  }
}

/** What agentgateway checks for an auth.gateway: one audience, keys from jwksUrl. */
export function gatewayAuthentication(gateway: NonNullable<AuthSpec['gateway']>): AgentgatewayAuthentication {
  const { issuer, audience, jwksUrl, requiredScopes, scopeClaim } = gateway;
  return { issuer, audiences: [audience], jwksUrl, requiredScopes, scopeClaim };
}

/**
 * Records on the server that agentgateway checks tokens in front of it (the AgentgatewayPolicy
 * `policy` in its namespace): like an external declaration, since it covers the way through
 * the gateway only.
 */
export function recordGatewayAuth(app: McpApp, policy: string, issuer: string): void {
  app.deployment.metadata.addAnnotation(AUTH_ANNOTATION, JSON.stringify({ enforcedBy: `AgentgatewayPolicy ${app.namespace}/${policy} (agentgateway checks tokens of ${issuer})` }));
}

/**
 * Why a server cannot be put behind the auth proxy, if it cannot: it must be able to bind
 * 127.0.0.1, which only some releases of some images can be told.
 */
export function loopbackProblem(spec: ServerSpec): { field: string; message: string } | undefined {
  switch (spec.type) {
    case 'generic':
      return spec.hostFlag || spec.hostEnv ? undefined
        : { field: 'hostFlag', message: 'expected hostFlag or hostEnv with auth.oauth: the server must bind 127.0.0.1 behind the auth proxy, and only its own flag or variable can tell it to' };
    case 'pulumi': {
      const v = factsForImage(spec.image) === PULUMI_MCP_SERVER ? imageVersion(spec.image) : undefined;
      if (!v || compareVersions(v, version(PULUMI_HOST.since!)) < 0) {
        return {
          field: 'image',
          message: `expected a Pulumi MCP server image whose tag names release ${PULUMI_HOST.since} or later with auth.oauth (${PULUMI_HOST.env} binds it to 127.0.0.1 from then on, ${PULUMI_HOST.source}), got "${spec.image}"${v ? ` (${formatVersion(v)})` : ', whose MCP server release the tag does not name'}`,
        };
      }
      return undefined;
    }
    case 'kubernetes': {
      const v = imageVersion(spec.image);
      const since = version(KUBERNETES_MCP_CLUSTER_AUTH_MODE.since);
      return v && compareVersions(v, since) < 0
        ? { field: 'image', message: `expected kubernetes-mcp-server ${KUBERNETES_MCP_CLUSTER_AUTH_MODE.since} or later with auth.oauth (${KUBERNETES_MCP_CLUSTER_AUTH_MODE.key}, which keeps the client's token from the API server, ${KUBERNETES_MCP_CLUSTER_AUTH_MODE.source}), got "${spec.image}"` }
        : undefined;
    }
    case 'github':
      return undefined;
  }
}

/** The MCP path a server of each type is rendered with (the catalog entries' own choice). */
export function mcpPathOf(spec: ServerSpec): string {
  switch (spec.type) {
    case 'generic': return spec.path ?? defaultPath(spec.transport as McpTransport);
    case 'kubernetes': return KUBERNETES_MCP_SERVER.mcpPaths[0];
    case 'github': return MCP_PROXY_PATHS.streamableHttp;
    case 'pulumi': return PULUMI_MCP_SERVER.mcpPaths[0];
  }
}

/**
 * The resource URL must name the server's MCP path: clients connect to it, derive the
 * metadata URL from its path, and the proxy answers for the paths it is asked under.
 */
export function resourcePathProblem(spec: ServerSpec, auth: AuthSpec | undefined): string | undefined {
  if (!auth?.oauth) return undefined;
  const trim = (p: string) => p.replace(/\/+$/, '') || '/';
  const path = new URL(auth.oauth.resource).pathname;
  const mcp = mcpPathOf(spec);
  return trim(path) === trim(mcp) ? undefined
    : `expected auth.oauth.resource to end in the server's MCP path ${mcp} (clients connect there and look for its metadata at /.well-known/oauth-protected-resource${trim(mcp)}), got the path ${path}`;
}
