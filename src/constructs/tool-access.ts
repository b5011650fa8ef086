import { CLAIM_VALUE_PATTERN, isClaimName } from './required-scopes';

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

  /**
   * Tools only some callers may list and call: a tool named in a grant is available to
   * callers whose token matches that grant (or another grant naming it), and to no one else.
   * @default - every caller gets every tool the lists let through
   */
  readonly grants?: ToolGrant[];
}

/** Tools for the callers whose token matches. */
export interface ToolGrant {
  /** Which callers. */
  readonly when: ClaimMatch;

  /** The tools they may list and call. */
  readonly tools: string[];
}

/** A condition on a claim of the caller's token, as agentgateway's CEL sees it (`jwt`). */
export class ClaimMatch {
  /** The claim is exactly this string (e.g. `sub`, `azp`, `email`). */
  public static equals(claim: string, value: string): ClaimMatch {
    return new ClaimMatch(claim, value, (c, v) => `jwt[${c}] == ${v}`);
  }

  /** The claim is a list that holds this string (e.g. `groups`, `roles`). */
  public static contains(claim: string, value: string): ClaimMatch {
    return new ClaimMatch(claim, value, (c, v) => `${v} in jwt[${c}]`);
  }

  private constructor(public readonly claim: string, public readonly value: string, private readonly cel: (claim: string, value: string) => string) {
    if (!isClaimName(claim)) throw new Error(`expected a claim name (letters, digits, "_", ":", ".", "/", "-"; at most 128), got "${claim.slice(0, 80)}"`);
    if (!CLAIM_VALUE_PATTERN.test(value)) throw new Error(`expected a claim value of at most 256 printable characters without quotes or backslashes, got "${value.slice(0, 80)}"`);
  }

  /** The CEL condition; a token without the claim fails to evaluate, which denies. */
  public toCel(): string {
    return this.cel(JSON.stringify(this.claim), JSON.stringify(this.value));
  }
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

/** `mcp.tool.name` in the allowed names, not in the denied ones, and granted to the caller where grants name it. */
function conditions(access: ToolAccess): string {
  const granted = (access.grants ?? []).flatMap((g) => g.tools);
  for (const name of [...access.allow ?? [], ...access.deny ?? [], ...granted]) {
    // Names are quoted into CEL below: anything else could end the string literal.
    if (!TOOL_NAME.test(name)) throw new Error(`expected a tool name (letters, digits, "_", "-", "."; at most 128), got "${name.slice(0, 80)}"`);
  }
  const list = (names: string[]) => `[${names.map((n) => JSON.stringify(n)).join(', ')}]`;
  const parts = [
    ...(access.allow ? [`mcp.tool.name in ${list(access.allow)}`] : []),
    ...(access.deny?.length ? [`!(mcp.tool.name in ${list(access.deny)})`] : []),
    ...(access.grants?.length ? [grantConditions(access.grants, list)] : []),
  ];
  if (parts.length === 0) throw new Error('expected tools to allow, deny or grant, got none');
  return parts.join(' && ');
}

/** A tool no grant names passes; a tool a grant names passes for the callers of one of its grants. */
function grantConditions(grants: readonly ToolGrant[], list: (names: string[]) => string): string {
  const named = [...new Set(grants.flatMap((g) => g.tools))];
  const each = grants.map((g) => `(mcp.tool.name in ${list(g.tools)} && ${g.when.toCel()})`);
  return `(!(mcp.tool.name in ${list(named)}) || ${each.join(' || ')})`;
}
