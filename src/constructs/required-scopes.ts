/** Scope tokens we quote into CEL and a regular expression: RFC 6749 scope characters less quotes, backslashes and regex syntax but `.` and `+`. */
export const SCOPE_PATTERN = /^[A-Za-z0-9:._/+-]{1,128}$/;
/** Claim names we quote into CEL. */
export const CLAIM_NAME_PATTERN = /^[A-Za-z0-9_:./-]{1,128}$/;
/** Claim values we quote into CEL: no quote, backslash or control character can end or bend the literal. */
export const CLAIM_VALUE_PATTERN = /^[^"\\\x00-\x1f\x7f]{1,256}$/;

/**
 * The CEL expression agentgateway requires of every MCP subject (tool, prompt, resource)
 * when a token must carry scopes: each one is a word of the space-separated `scope` claim
 * (RFC 8693 4.2, RFC 9068 2.2.3; Entra ID names it `scp`). A token without the claim fails
 * to evaluate, which a Require rule treats as a denial. `matches` is standard CEL (RE2 in
 * cel-go, the regex crate in agentgateway); only `.` and `+` need escaping, by the check above.
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/crates/agentgateway/src/http/authorization.rs
 */
export function requiredScopesExpression(scopes: readonly string[], claim = 'scope'): string {
  if (scopes.length === 0) throw new Error('expected at least one required scope, got none');
  if (!CLAIM_NAME_PATTERN.test(claim)) throw new Error(`expected a claim name (letters, digits, "_", ":", ".", "/", "-"), got "${claim.slice(0, 80)}"`);
  return scopes.map((scope) => {
    if (!SCOPE_PATTERN.test(scope)) throw new Error(`expected a scope (letters, digits, ":", ".", "_", "/", "+", "-"; at most 128), got "${scope.slice(0, 80)}"`);
    const word = scope.replace(/[.+]/g, (c) => `\\${c}`);
    return `jwt[${JSON.stringify(claim)}].matches(${JSON.stringify(`(^| )${word}( |$)`)})`;
  }).join(' && ');
}

/** Whether a claim name can be quoted into CEL by these rules. */
export function isClaimName(text: string): boolean {
  return CLAIM_NAME_PATTERN.test(text);
}
