import { AuthSpec, InspectorSettings, TelemetrySpec } from '../config/schema';

/** What a catalog entry needs to know about the environment it is rendered into. */
export interface ServerContext {
  /** Namespace of the server (the environment's unless the server names its own). */
  readonly namespace: string;
  /** Labels for every object of the server: the environment's and the server's own. */
  readonly labels: Record<string, string>;
  /** Whether the environment is production, where debugging aids are refused. */
  readonly production: boolean;
  /** Image and token of the Inspector, for servers that ask for it. */
  readonly inspector: InspectorSettings;
  /** Secrets with registry credentials every server of the environment uses. */
  readonly imagePullSecrets: readonly string[];
  /** Whether Services announce their servers to agentgateway. */
  readonly agentgateway: boolean;
  /**
   * Namespaces of the agentgateway Gateways of the endpoints the server is behind: its
   * Service announces it, and its NetworkPolicy lets them in. Empty when it is behind none.
   */
  readonly endpointGateways?: readonly string[];
  /** How metrics are scraped, and from which namespace. */
  readonly monitoring: { readonly scraper: string; readonly namespace?: string; readonly interval: string };
  /** The environment's auth, for servers that state none. */
  readonly auth?: AuthSpec;
  /** Where the API server is, for the egress of servers with API access. */
  readonly kubernetesApi: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  /** Where the environment's servers send traces (see servers/telemetry.ts for which do). */
  readonly telemetry?: TelemetrySpec;
}
