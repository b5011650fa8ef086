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
 * Whether a session lives in one pod's memory. SSE streams always do; Streamable HTTP and
 * bridges do unless the server runs stateless, in which case any replica can answer.
 */
export function isStateful(transport: McpTransport, stateless: boolean): boolean {
  return transport === McpTransport.SSE || !stateless;
}
