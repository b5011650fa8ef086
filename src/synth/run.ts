import { ConfigError } from '../config/problems';
import { formatFinding } from '../policy/finding';
import { SynthResult, synthesize } from './synthesize';

/**
 * Shared by `npm run synth` and the cdk8s CLI app: synthesize, report, and hand the files
 * to `write` only when nothing failed. Returns the process exit code.
 */
export function runSynth(
  outputName: string, write: (files: Map<string, string>) => void, options: { readonly emptiedBefore?: boolean } = {},
): number {
  // The cdk8s CLI empties its output folder before it runs the app: say so, not "unchanged".
  const untouched = options.emptiedBefore ? `nothing was written to ${outputName}/ (the cdk8s CLI emptied it before running; dist/ is untouched)` : `${outputName}/ is unchanged`;
  let result: SynthResult;
  try {
    result = synthesize(undefined, outputName);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nNothing was written; ${untouched}.\n`);
      return 1;
    }
    throw err;
  }
  // One write: stderr is synchronous on pipes and files, and a large run has thousands of findings.
  if (result.findings.length > 0) process.stderr.write(result.findings.map((f) => `${formatFinding(f)}\n`).join(''));
  if (result.failed) {
    process.stderr.write(`The policy gate failed; nothing was written; ${untouched}.\n`);
    return 1;
  }
  write(result.files);
  process.stdout.write(`Rendered ${result.files.size} files into ${outputName}/\n`);
  return 0;
}
