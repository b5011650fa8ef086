import { Input } from './server-json';

/*
 * The values of a server.json's inputs (arguments, environment variables, URL variables):
 * the publisher's fixed `value`, else what the user gives with `--set NAME=value`, else the
 * `default`. `{name}` in a value is filled from the input's own `variables` the same way.
 */

/** A problem with an input, at its JSON path. */
export interface InputProblem {
  readonly path: string;
  readonly message: string;
}

/** What one input resolves to. */
export type Resolved =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'secret' }
  | { readonly kind: 'unset' };

/** The `--set` values, and which of them were used. */
export class Inputs {
  public readonly problems: InputProblem[] = [];
  private readonly used = new Set<string>();

  constructor(private readonly given: Readonly<Record<string, string>>) {}

  /**
   * Resolves an input named `keys[0]` (other keys are aliases the user may type). Secret
   * inputs never take a value here: their values live in Secrets, not in environment files.
   */
  resolve(input: Input & { readonly variables?: Readonly<Record<string, Input>> }, keys: readonly string[], path: string, what: string): Resolved {
    const key = keys.find((k) => k in this.given);
    if (key !== undefined) this.used.add(key);
    if (input.isSecret) {
      if (key !== undefined) this.problems.push({ path, message: `--set ${key}: ${what} is secret, and secret values are never written into environment files; create the Secret instead` });
      return { kind: 'secret' };
    }
    if (input.value !== undefined && key !== undefined) {
      this.problems.push({ path, message: `--set ${key}: ${what} is fixed by the server.json (value ${JSON.stringify(input.value)})` });
    }
    const raw = input.value ?? (key !== undefined ? this.given[key] : undefined) ?? input.default;
    if (raw === undefined) {
      if (input.isRequired) this.problems.push({ path, message: `expected a value for ${what} (required, no default): give it with --set ${keys[0]}=<value>` });
      return { kind: 'unset' };
    }
    if (input.choices && input.choices.length > 0 && !input.choices.includes(raw)) {
      this.problems.push({ path, message: `expected ${what} to be one of ${input.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(raw)}` });
    }
    return { kind: 'value', value: this.fill(raw, input.variables ?? {}, path) };
  }

  /** The `--set` value under one of these keys, if any, counted as used. */
  peek(keys: readonly string[]): string | undefined {
    const key = keys.find((k) => k in this.given);
    if (key === undefined) return undefined;
    this.used.add(key);
    return this.given[key];
  }

  /** `--set` keys that matched no input of the chosen package. */
  unused(): string[] {
    return Object.keys(this.given).filter((k) => !this.used.has(k));
  }

  /** Replaces each `{name}` with the variable's value. */
  fill(text: string, variables: Readonly<Record<string, Input>>, path: string): string {
    return text.replace(/\{([A-Za-z_][A-Za-z0-9_-]*)\}/g, (whole, name: string) => {
      const variable = variables[name];
      if (!variable) return whole;
      const resolved = this.resolve(variable, [name], `${path}.variables.${name}`, `the variable ${name}`);
      if (resolved.kind === 'secret') {
        this.problems.push({ path: `${path}.variables.${name}`, message: `expected a plain variable: ${name} is secret and cannot be part of a value rendered into the pod spec` });
      }
      return resolved.kind === 'value' ? resolved.value : whole;
    });
  }
}
