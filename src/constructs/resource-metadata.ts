/**
 * Where a protected MCP server serves its RFC 9728 metadata: the root form, and the path form
 * (`/.well-known/oauth-protected-resource/<mcp path>`) clients try first since 2026-07-28. A
 * prefix covers both.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';
