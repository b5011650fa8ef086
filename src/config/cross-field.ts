import { excerpt } from '../policy/credentials';
import { AuthSpec, EndpointSpec, ServerSpec, TelemetrySpec } from './schema';

/** A rule that needs more than one field, found after the schema has passed. */
export interface CrossFieldProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/** What the cross-field checks see of an environment, including the parts that failed the schema. */
export interface CheckedEnvironment {
  readonly namespace?: string;
  readonly production?: boolean;
  readonly auth?: AuthSpec;
  /** Endpoints as written; those that failed the schema are undefined. */
  readonly endpoints?: ReadonlyArray<EndpointSpec | undefined>;
  /** Every server name the file lists, including servers that failed the schema. */
  readonly serverNames?: string[];
  readonly telemetry?: TelemetrySpec;
}

/**
 * The semantic checks the loader runs after the schema: they live next to the catalog
 * entries they concern (servers/checks.ts), and the loader is handed them, so config/
 * depends on nothing but the contract.
 */
export type CrossFieldChecks = (env: CheckedEnvironment, servers: IndexedServer[]) => CrossFieldProblem[];

/** A server that passed the schema, with its index in the file's `servers` list. */
export interface IndexedServer {
  readonly index: number;
  readonly spec: ServerSpec;
}

/**
 * What an auth needs in production: https URLs (tokens and keys travel over them) for
 * oauth, and a reason for external, as a waiver has. `path` is where the auth is written.
 */
export function productionAuthProblems(auth: AuthSpec | undefined, path: ReadonlyArray<string | number>): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const urls: Array<[string, string | undefined]> = [
    ['oauth.issuer', auth?.oauth?.issuer], ['oauth.resource', auth?.oauth?.resource], ['oauth.jwksUrl', auth?.oauth?.jwksUrl],
    ['oauth.tokenExchange.tokenUrl', auth?.oauth?.tokenExchange?.tokenUrl],
    ['gateway.issuer', auth?.gateway?.issuer], ['gateway.jwksUrl', auth?.gateway?.jwksUrl],
  ];
  for (const [field, url] of urls) {
    if (url !== undefined && !url.startsWith('https://')) {
      problems.push({ path: [...path, ...field.split('.')], message: `expected an https:// URL in a production environment (tokens and keys travel over it), got ${excerpt(url)}` });
    }
  }
  if (auth?.external && !auth.external.reason) {
    problems.push({ path: [...path, 'external', 'reason'], message: 'expected a reason in a production environment: why authentication is enforced outside what this project renders, and by whom (as a waiver would), got none' });
  }
  return problems;
}
