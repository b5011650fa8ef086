/*
 * Annotations that carry what plain YAML cannot show: how to speak to an MCP server and
 * whether it runs in production. The renderer writes them; `check`, the policy rules and
 * scripts/up read them. Defined here, with the readers, so neither side can drift.
 */

export const ANNOTATION_PREFIX = 'cdk8s-mcp/';
/** `streamable-http`, `sse` or `stdio-bridge`. */
export const TRANSPORT_ANNOTATION = `${ANNOTATION_PREFIX}transport`;
/** The MCP endpoint path. */
export const PATH_ANNOTATION = `${ANNOTATION_PREFIX}path`;
/** `"true"` when any replica can answer any request. */
export const STATELESS_ANNOTATION = `${ANNOTATION_PREFIX}stateless`;
/** `"true"` on workloads of production environments. */
export const PRODUCTION_ANNOTATION = `${ANNOTATION_PREFIX}production`;
/** How clients are authenticated in front of an exposed server, as the environment file states it. */
export const AUTH_ANNOTATION = `${ANNOTATION_PREFIX}auth`;
