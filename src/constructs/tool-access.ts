/**
 * Which of a server's tools its clients may see and call.
 */
export interface ToolAccess {
  /**
   * Only these tools.
   * @default every tool
   */
  readonly allow?: string[];

  /**
   * None of these tools.
   * @default none
   */
  readonly deny?: string[];
}

/** Tool names as the MCP spec allows them (2025-11-25: letters, digits, `_`, `-`, `.`; at most 128). */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * The CEL expression agentgateway requires of every MCP request it authorizes
 * (`backend.mcp.authorization`, action `Require`): a tool is listed and called only when it
 * is allowed and not denied; prompts, resources and tasks are not tools and pass.
 *
 * agentgateway evaluates the rules once per tool for `tools/list` (a tool that fails is left
 * out) and on `tools/call`; the CEL variable `mcp` carries `tool` ({name, target}) only when
 * the subject is a tool, so `has(mcp.tool)` tells them apart. A rule that fails to evaluate
 * denies (Require).
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/crates/agentgateway/src/mcp/rbac.rs
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/crates/agentgateway/src/http/authorization.rs
 */
export function toolAccessExpression(access: ToolAccess): string {
  return `!has(mcp.tool) || (${conditions(access)})`;
}

/**
 * The same rule for a backend of several targets: each target's limits apply to its own
 * tools (`mcp.tool.target`, the target name agentgateway prefixes its tools with); targets
 * without limits pass.
 */
export function toolAccessExpressionByTarget(limits: ReadonlyArray<{ readonly target: string; readonly access: ToolAccess }>): string {
  if (limits.length === 0) throw new Error('expected at least one target with tool limits, got none');
  const clauses = limits.map(({ target, access }) => {
    if (!TARGET_NAME.test(target)) throw new Error(`expected a target name (a DNS subdomain), got "${target.slice(0, 80)}"`);
    return `(mcp.tool.target != ${JSON.stringify(target)} || (${conditions(access)}))`;
  });
  return `!has(mcp.tool) || (${clauses.join(' && ')})`;
}

/** Target names as agentgateway takes them: DNS subdomains, so never a quote. */
const TARGET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `mcp.tool.name` in the allowed names and not in the denied ones. */
function conditions(access: ToolAccess): string {
  for (const name of [...access.allow ?? [], ...access.deny ?? []]) {
    // Names are quoted into CEL below: anything else could end the string literal.
    if (!TOOL_NAME.test(name)) throw new Error(`expected a tool name (letters, digits, "_", "-", "."; at most 128), got "${name.slice(0, 80)}"`);
  }
  const list = (names: string[]) => `[${names.map((n) => JSON.stringify(n)).join(', ')}]`;
  const parts = [
    ...(access.allow ? [`mcp.tool.name in ${list(access.allow)}`] : []),
    ...(access.deny?.length ? [`!(mcp.tool.name in ${list(access.deny)})`] : []),
  ];
  if (parts.length === 0) throw new Error('expected tools to allow or deny, got neither');
  return parts.join(' && ');
}
