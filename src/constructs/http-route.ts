import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';

/** A Gateway API parent (a Gateway, or a listener of one). */
export interface GatewayRef {
  readonly name: string;
  /** @default the route's namespace */
  readonly namespace?: string;
  /** @default every listener */
  readonly sectionName?: string;
}

export interface HttpRouteOptions {
  readonly parentRefs: GatewayRef[];
  readonly hostnames: string[];
  readonly timeoutSeconds: number;
  readonly metadata: ApiObjectMetadata;
  /** Path prefixes and where each goes. */
  readonly rules: ReadonlyArray<{ readonly path: string; readonly backend: Record<string, string | number> }>;
}

/** A standard-channel HTTPRoute sending each path to its backend, with a timeout long enough for streams. */
export function httpRoute(scope: Construct, options: HttpRouteOptions): void {
  new ApiObject(scope, 'HTTPRoute', {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: options.metadata,
    spec: {
      parentRefs: options.parentRefs.map((p) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', ...p })),
      ...(options.hostnames.length > 0 ? { hostnames: options.hostnames } : {}),
      rules: options.rules.map((rule) => ({
        matches: [{ path: { type: 'PathPrefix', value: rule.path } }],
        backendRefs: [rule.backend],
        timeouts: { request: `${options.timeoutSeconds}s` },
      })),
    },
  });
}
