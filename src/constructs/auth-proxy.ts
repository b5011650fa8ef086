import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { TOOLHIVE, TOOLHIVE_IMAGE, TOOLHIVE_PROXY_FLAGS as FLAG, TOOLHIVE_SIDECAR_ENV, TOOLHIVE_TOKEN_EXCHANGE_FLAGS as EXCHANGE } from '../images/toolhive';
import { MCP_PORT_NAME, McpApp } from './mcp-app';
import { isOrigin } from './origin';
import { McpProbes } from './probes';
import { restrictedContainerSecurityContext } from './security';

export { isOrigin };

/** The name of the auth proxy container. */
export const AUTH_PROXY_CONTAINER_NAME = 'auth-proxy';

/** Where the token-exchange client secret is mounted in the proxy. */
export const TOKEN_EXCHANGE_SECRET_DIR = '/etc/thv/token-exchange';

/** The uid of the proxy image's user (ko's default base runs as 65532). */
const AUTH_PROXY_UID = Number(TOOLHIVE.layouts[0].user);

export interface McpAuthProxyProps {
  /** The MCP server to put behind the proxy; it must listen on 127.0.0.1 (McpApp `loopbackPort`). */
  readonly app: McpApp;

  /**
   * Issuer of the authorization server; its OIDC discovery document names the signing keys.
   * @see https://www.rfc-editor.org/rfc/rfc8414
   */
  readonly issuer: string;

  /** The audience (`aud`) every token must carry. */
  readonly audience: string;

  /**
   * The server's public MCP URL, served as `resource` in its protected-resource metadata.
   * @see https://www.rfc-editor.org/rfc/rfc9728
   */
  readonly resource: string;

  /**
   * Where the issuer's signing keys are, when discovery does not say.
   * @default - discovered from the issuer
   */
  readonly jwksUrl?: string;

  /**
   * Origins a browser page may call the server from. A request whose `Origin` header is not
   * one of them gets 403 before its token is looked at: the MCP transport spec's defence
   * against DNS rebinding. Requests without `Origin` (clients that are not browsers) pass.
   * @default - the origin of `resource` only
   */
  readonly allowedOrigins?: string[];

  /**
   * Exchange each client's token (RFC 8693) for one of another audience, which replaces the
   * request's `Authorization` header: for a server that calls an API as its caller.
   * @default - no exchange; the server gets the client's token and must not use it
   */
  readonly tokenExchange?: McpTokenExchange;

  /**
   * Proxy image, pinned.
   * @default "ghcr.io/stacklok/toolhive:v0.47.0"
   */
  readonly image?: string;
}

/** An RFC 8693 token exchange the auth proxy performs for every request it lets through. */
export interface McpTokenExchange {
  /** The token endpoint of the security token service. */
  readonly tokenUrl: string;

  /** The client the proxy authenticates as. */
  readonly clientId: string;

  /** The Secret key holding that client's secret; mounted as a file, never rendered. */
  readonly clientSecret: { readonly secret: string; readonly key: string };

  /** The audience of the exchanged token. */
  readonly audience: string;

  /**
   * Scopes to ask for.
   * @default - none
   */
  readonly scopes?: string[];
}

/**
 * Authentication in front of an MCP server, enforced in its pod: toolhive's `thv proxy`
 * takes the server's port and Service, validates the bearer token of every request
 * (signature, issuer, audience, expiry) and answers what the MCP authorization spec asks
 * of a protected server (401 with `resource_metadata`, RFC 9728 metadata at both the path
 * and the root form). The server listens on 127.0.0.1 only, so nothing reaches it past the
 * proxy. Facts about the proxy and their sources: `src/images/toolhive.ts`.
 */
export class McpAuthProxy extends Construct {
  constructor(scope: Construct, id: string, props: McpAuthProxyProps) {
    super(scope, id);
    const app = props.app;
    if (!app.fronted) {
      throw new Error(`McpAuthProxy "${app.name}": the server must listen on 127.0.0.1 behind the proxy (McpApp loopbackPort), or the proxy protects nothing`);
    }
    for (const origin of props.allowedOrigins ?? []) {
      if (!isOrigin(origin)) {
        throw new Error(`McpAuthProxy "${app.name}": expected allowedOrigins to hold origins such as https://agents.example.com (scheme, host and port, no path), got "${origin.slice(0, 80)}"`);
      }
    }
    app.announceResourceMetadata();
    app.addKubeVolume({ name: 'auth-proxy-home', emptyDir: { sizeLimit: k8s.Quantity.fromString('32Mi') } });
    app.addKubeVolume({ name: 'auth-proxy-tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('32Mi') } });
    const exchange = props.tokenExchange;
    if (exchange) {
      app.addKubeVolume({ name: 'auth-proxy-token-exchange', secret: { secretName: exchange.clientSecret.secret, defaultMode: 0o440, items: [{ key: exchange.clientSecret.key, path: 'client-secret' }] } });
    }
    app.addFront({
      name: AUTH_PROXY_CONTAINER_NAME,
      image: props.image ?? TOOLHIVE_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      args: [
        'proxy', app.name,
        FLAG.host, '0.0.0.0', FLAG.port, String(app.port),
        FLAG.target, `http://127.0.0.1:${app.listenPort}`,
        FLAG.issuer, props.issuer, FLAG.audience, props.audience,
        ...(props.jwksUrl ? [FLAG.jwksUrl, props.jwksUrl] : []),
        FLAG.resourceUrl, props.resource,
        ...(props.allowedOrigins ?? [new URL(props.resource).origin]).flatMap((origin) => [FLAG.allowedOrigins, origin]),
        ...(exchange ? tokenExchangeArgs(exchange) : []),
      ],
      env: [
        ...Object.entries(TOOLHIVE_SIDECAR_ENV).map(([name, value]) => ({ name, value })),
        // The CLI keeps state and lock files under HOME.
        { name: 'HOME', value: '/home/thv' },
      ],
      ports: [{ name: MCP_PORT_NAME, containerPort: app.port, protocol: 'TCP' }],
      ...McpProbes.forPort(MCP_PORT_NAME, TOOLHIVE.healthPath),
      // The proxy drains with the server: both keep serving after the pod leaves the endpoints.
      ...(app.preStop ? { lifecycle: { preStop: { sleep: { seconds: app.preStop.toSeconds() } } } } : {}),
      resources: {
        requests: { 'cpu': k8s.Quantity.fromString('10m'), 'memory': k8s.Quantity.fromString('32Mi'), 'ephemeral-storage': k8s.Quantity.fromString('16Mi') },
        // Its two emptyDirs (32Mi each) and its logs.
        limits: { 'cpu': k8s.Quantity.fromString('500m'), 'memory': k8s.Quantity.fromString('256Mi'), 'ephemeral-storage': k8s.Quantity.fromString('128Mi') },
      },
      securityContext: restrictedContainerSecurityContext({ user: AUTH_PROXY_UID }),
      volumeMounts: [
        { name: 'auth-proxy-home', mountPath: '/home/thv' },
        { name: 'auth-proxy-tmp', mountPath: '/tmp' },
        ...(exchange ? [{ name: 'auth-proxy-token-exchange', mountPath: TOKEN_EXCHANGE_SECRET_DIR, readOnly: true }] : []),
      ],
    });
  }
}

/** The proxy's token-exchange flags; the client secret is read from the mounted file. */
function tokenExchangeArgs(exchange: McpTokenExchange): string[] {
  return [
    EXCHANGE.url, exchange.tokenUrl, EXCHANGE.clientId, exchange.clientId,
    EXCHANGE.clientSecretFile, `${TOKEN_EXCHANGE_SECRET_DIR}/client-secret`, EXCHANGE.audience, exchange.audience,
    ...(exchange.scopes?.length ? [EXCHANGE.scopes, exchange.scopes.join(',')] : []),
  ];
}
