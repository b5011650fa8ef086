import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { requiredScopesExpression } from './required-scopes';

/** Token validation agentgateway does for an MCP backend (an AgentgatewayPolicy's backend.mcp.authentication). */
export interface AgentgatewayAuthentication {
  /** The issuer (the `iss` claim). */
  readonly issuer: string;
  /** Audiences a token may carry (the `aud` claim); one must match. */
  readonly audiences: string[];
  /** Where the issuer publishes its signing keys. */
  readonly jwksUrl: string;
  /**
   * Scopes every token must carry, for every tool, prompt and resource (a Require rule).
   * @default - none
   */
  readonly requiredScopes?: string[];
  /**
   * The claim that lists the token's scopes, space-separated.
   * @default "scope"
   */
  readonly scopeClaim?: string;
}

export interface AgentgatewayPolicyOptions {
  /** Name, namespace and labels of the policy. */
  readonly metadata: ApiObjectMetadata;
  /** The AgentgatewayBackend (same namespace) the policy attaches to. */
  readonly backend: string;
  /**
   * Token validation, mode Strict.
   * @default - none
   */
  readonly authentication?: AgentgatewayAuthentication;
  /**
   * A CEL rule every MCP subject (tool, prompt, resource) must satisfy (action Require).
   * @default - none
   */
  readonly toolRule?: string;
}

/**
 * An AgentgatewayPolicy on an MCP backend. With authentication, agentgateway validates every
 * token before the backend sees a request (mode Strict) and serves the MCP OAuth metadata
 * itself; with a tool rule, it lists and calls only the tools the rule admits. It covers what
 * comes through the gateway only.
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/controller/api/v1alpha1/agentgateway/agentgateway_policy_types.go
 */
export function agentgatewayPolicy(scope: Construct, options: AgentgatewayPolicyOptions): void {
  const auth = options.authentication;
  // agentgateway requires every expression of a Require policy to hold (authorization.rs).
  const requirements = [
    ...(auth?.requiredScopes?.length ? [requiredScopesExpression(auth.requiredScopes, auth.scopeClaim)] : []),
    ...(options.toolRule ? [options.toolRule] : []),
  ];
  new ApiObject(scope, 'Policy', {
    apiVersion: 'agentgateway.dev/v1alpha1', kind: 'AgentgatewayPolicy', metadata: options.metadata,
    spec: {
      targetRefs: [{ group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: options.backend }],
      backend: {
        mcp: {
          ...(auth ? { authentication: { issuer: auth.issuer, audiences: auth.audiences, jwks: { url: auth.jwksUrl }, mode: 'Strict' } } : {}),
          ...(requirements.length > 0 ? { authorization: { action: 'Require', policy: { matchExpressions: requirements } } } : {}),
        },
      },
    },
  });
}
