/**
 * How an MCP server speaks over HTTP. It decides the default path and whether sessions
 * must stick to one pod.
 */
export enum McpTransport {
  /** Streamable HTTP (MCP 2025-03-26 and later): POST to one endpoint, optional SSE stream. */
  STREAMABLE_HTTP = 'streamable-http',
  /** The older HTTP+SSE transport: a long-lived GET stream plus POSTs; always stateful. */
  SSE = 'sse',
  /** A stdio server wrapped by an HTTP bridge (mcp-proxy, supergateway) baked into the image. */
  STDIO_BRIDGE = 'stdio-bridge',
}

/** The MCP endpoint path a transport uses unless told otherwise. */
export function defaultPath(transport: McpTransport): string {
  return transport === McpTransport.SSE ? '/sse' : '/mcp';
}

/**
 * The first MCP specification revision without protocol sessions: no `Mcp-Session-Id`, no
 * `initialize` handshake (SEP-2567, SEP-2575), so any replica can answer any request.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/changelog
 */
export const SESSIONLESS_REVISION = '2026-07-28';

/**
 * Whether every revision a server speaks is sessionless. A server that also accepts an older
 * revision keeps sessions for the clients that pick it; unknown revisions count as older.
 */
export function speaksOnlySessionless(revisions: readonly string[] | undefined): boolean {
  return revisions !== undefined && revisions.length > 0 && revisions.every((r) => r >= SESSIONLESS_REVISION);
}

/**
 * Whether a session lives in one pod's memory. SSE streams always do (the GET stream and
 * the POSTs must meet in one process); Streamable HTTP and bridges do unless the server runs
 * stateless or speaks only sessionless protocol revisions.
 */
export function isStateful(transport: McpTransport, stateless: boolean, revisions?: readonly string[]): boolean {
  return transport === McpTransport.SSE || !(stateless || speaksOnlySessionless(revisions));
}
