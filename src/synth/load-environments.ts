import * as config from '../config/load';
import { ConfigProblem } from '../config/problems';
import { serverChecks } from '../servers/checks';

/*
 * The environment files as synth reads them: the contract (config/) with the catalog's
 * semantic checks (servers/checks.ts) handed to it.
 */

export type { Environment } from '../config/load';

/** Reads and validates every `<env>.yaml` of a directory; throws ConfigError with every problem. */
export function loadEnvironments(dir: string): config.Environment[] {
  return config.loadEnvironments(dir, serverChecks);
}

/** Validates the text of one environment file. */
export function loadEnvironmentText(text: string, file: string, name: string): { environment?: config.Environment; problems: ConfigProblem[] } {
  return config.loadEnvironmentText(text, file, name, serverChecks);
}
