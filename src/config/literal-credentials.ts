import { credentialIn, credentialInArgs, credentialInConfigText } from '../policy/credentials';

/*
 * Credentials written into an environment file. They would land in dist/, the dist branch
 * and every reviewer's diff; the policy gate would also stop the synth, but only after
 * rendering and naming the output file, so the file and field that hold one are named here.
 * The values themselves are never repeated.
 */

/** A field of the environment file that holds a literal credential. */
export interface CredentialProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

const ADVICE = 'put it in a Secret and reference it (secretEnv, secretFiles, or $(VAR) in args), then rotate it';

/** Every literal credential in the data of an environment file, by field path. */
export function literalCredentials(data: unknown): CredentialProblem[] {
  const problems = new Map<string, CredentialProblem>();
  const report = (path: Array<string | number>, what: string) => {
    const key = path.join('\0');
    if (!problems.has(key)) problems.set(key, { path, message: `expected no credential in the environment file, got ${what}; ${ADVICE}` });
  };
  const pending: Array<[unknown, Array<string | number>]> = [[data, []]];
  while (pending.length > 0) {
    const [node, path] = pending.pop()!;
    if (typeof node === 'string') {
      const field = path[path.length - 2];
      const what = field === 'configFiles' || field === 'annotations' ? credentialInConfigText(node) : credentialIn(node);
      if (what) report(path, what);
    } else if (Array.isArray(node)) {
      const field = path[path.length - 1];
      const words = field === 'args' || field === 'command' ? credentialInArgs(node) : undefined;
      if (words) report([...path, words.index], words.what);
      node.forEach((item, i) => pending.push([item, [...path, i]]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) pending.push([value, [...path, key]]);
    }
  }
  return [...problems.values()].sort((a, b) => a.path.join('.').localeCompare(b.path.join('.')));
}
