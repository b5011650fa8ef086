import { redactCredentials } from '../policy/credentials';

/**
 * One thing wrong with an environment file: where it is and what was expected.
 */
export interface ConfigProblem {
  /** The file, as the user would type it (relative to the working directory). */
  readonly file: string;
  /** 1-based line, where the parser knows it. */
  readonly line?: number;
  /** Field path such as `servers[1].port`; empty for the whole file. */
  readonly path: string;
  /** What was expected and what was found. */
  readonly message: string;
}

/** `file:line path: message`, with any credential a message quotes redacted. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const message = redactCredentials(problem.message);
  return problem.path ? `${where} ${problem.path}: ${message}` : `${where}: ${message}`;
}

/** Field path in the notation users read in docs: `servers[1].secretEnv.TOKEN`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/**
 * Thrown when environment files are invalid; carries every problem found, not just the first.
 */
export class ConfigError extends Error {
  constructor(public readonly problems: ConfigProblem[]) {
    super(`invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n`
      + problems.map((p) => `  ${formatProblem(p)}`).join('\n'));
    this.name = 'ConfigError';
  }
}
