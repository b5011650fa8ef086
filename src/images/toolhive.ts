import { ImageFacts } from './image-facts';

const REPO = 'https://github.com/stacklok/toolhive/blob';
const PROXY_GO = `${REPO}/v0.47.0/cmd/thv/app/proxy.go`;

/**
 * toolhive's `thv proxy`, the auth proxy we put in front of an MCP server: it listens on
 * `--host`/`--port`, forwards to `--target-uri`, and with `--oidc-issuer` (plus
 * `--oidc-audience`, optionally `--oidc-jwks-url`) validates the bearer token of every
 * request (signature against the issuer's keys, issuer, audience, expiry). Unauthenticated
 * requests get 401 with `WWW-Authenticate: Bearer ... resource_metadata="<.../.well-known/
 * oauth-protected-resource/<path>>"`, and it serves RFC 9728 metadata (`resource` from
 * `--resource-url`, the issuer in `authorization_servers`) at both the path and the root form
 * without auth (measured with the module-proxy build of v0.47.0 and mockoidc). `/health`
 * answers without auth. It forwards the client's `Authorization` header to the server it
 * fronts, so that server must not use it (kubernetes-mcp-server: cluster_auth_mode).
 *
 * Release: v0.47.0, the last one the Go module proxy serves that builds with Go 1.26; later
 * releases need Go 1.27 and modules the proxy refuses (403 for toolhive-core/redisconn at
 * v0.63.0). Image `ghcr.io/stacklok/toolhive:<tag>` is built with ko from `./cmd/thv`
 * (Taskfile `build-image`, workflow `image-build-and-publish.yml`): entrypoint
 * `/ko-app/thv`, ko's default base (`cgr.dev/chainguard/static`, user 65532). The CLI
 * refuses to start without a container runtime unless it sees Kubernetes
 * (`KUBERNETES_SERVICE_HOST`, set in every pod, or `TOOLHIVE_RUNTIME=kubernetes`), checks
 * for updates unless `TOOLHIVE_SKIP_UPDATE_CHECK=true`, and keeps state under `$HOME`.
 */
export const TOOLHIVE: ImageFacts = {
  id: 'toolhive',
  title: 'toolhive thv proxy (auth proxy)',
  repository: /stacklok\/toolhive$/,
  example: 'ghcr.io/stacklok/toolhive',
  layouts: [{ entrypoint: ['/ko-app/thv'], cmd: [], user: '65532', source: `${REPO}/v0.47.0/Taskfile.yml` }],
  env: {},
  programs: [['thv', 'proxy']],
  listenPort: { flag: '--port', default: 0 },
  listenHost: { flag: '--host', default: '127.0.0.1', source: PROXY_GO },
  mcpPaths: [],
  healthPath: '/health',
  needsKubernetesApi: false,
  flags: [],
  sources: [PROXY_GO, `${REPO}/v0.47.0/pkg/auth/token.go`, `${REPO}/v0.47.0/pkg/transport/middleware/origin/origin.go`, `${REPO}/v0.47.0/pkg/transport/proxy/transparent/transparent_proxy.go`, `${REPO}/v0.47.0/cmd/thv/main.go`],
  note: 'Forwards the client\'s Authorization header to the server it fronts; the server must ignore it.',
};

/** The release we render and test. */
export const TOOLHIVE_IMAGE = 'ghcr.io/stacklok/toolhive:v0.47.0';

/** The flags of `thv proxy` the auth proxy uses. */
export const TOOLHIVE_PROXY_FLAGS = {
  host: '--host', port: '--port', target: '--target-uri', issuer: '--oidc-issuer', audience: '--oidc-audience',
  jwksUrl: '--oidc-jwks-url', resourceUrl: '--resource-url',
  // Repeatable; requests whose Origin header is not listed get 403 before the token check
  // (pkg/transport/middleware/origin/origin.go). Without it a non-loopback bind checks no Origin.
  allowedOrigins: '--allowed-origins',
} as const;

/**
 * The token-exchange flags of `thv proxy` (RFC 8693): after it has validated the client's
 * token, it exchanges it at `--token-exchange-url` as client `--token-exchange-client-id`
 * (secret read from `--token-exchange-client-secret-file`) for a token of
 * `--token-exchange-audience` (and `--token-exchange-scopes`, comma-separated), and replaces
 * the request's `Authorization` header with it, so the server it fronts never sees the
 * client's token. The exchange is a form POST (grant_type token-exchange, subject_token,
 * subject_token_type access_token, audience, scope) with the client's id and secret in an
 * HTTP Basic header (pkg/oauthproto/grants.go).
 * @see https://github.com/stacklok/toolhive/blob/v0.47.0/cmd/thv/app/auth_flags.go
 * @see https://github.com/stacklok/toolhive/blob/v0.47.0/pkg/oauthproto/tokenexchange/exchange.go
 * @see https://github.com/stacklok/toolhive/blob/v0.47.0/pkg/oauthproto/tokenexchange/middleware.go
 */
export const TOOLHIVE_TOKEN_EXCHANGE_FLAGS = {
  url: '--token-exchange-url', clientId: '--token-exchange-client-id', clientSecretFile: '--token-exchange-client-secret-file',
  audience: '--token-exchange-audience', scopes: '--token-exchange-scopes',
  source: `${REPO}/v0.47.0/cmd/thv/app/auth_flags.go`,
} as const;

/** Environment that keeps the CLI a quiet sidecar: no update check, no usage metrics, the Kubernetes runtime. */
export const TOOLHIVE_SIDECAR_ENV: Readonly<Record<string, string>> = {
  TOOLHIVE_RUNTIME: 'kubernetes',
  TOOLHIVE_SKIP_UPDATE_CHECK: 'true',
  TOOLHIVE_USAGE_METRICS_ENABLED: 'false',
};
