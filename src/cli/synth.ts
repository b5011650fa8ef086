import { parseArgs } from 'util';
import { assertReplaceable, replaceDirectory, UnsafeOutputError } from '../synth/output';
import { runSynth } from '../synth/run';

/*
 * `npm run synth [-- --out <dir>]`: renders every environment and replaces the output
 * directory only when everything is valid, so a failed run leaves the last good output
 * byte for byte. It only ever replaces a directory it rendered before (or an empty one).
 */

export const SYNTH_USAGE = `usage: cdk8s-mcp synth [--out <dir>]
  Renders environments/*.yaml (or $MCP_ENVIRONMENTS_DIR/*.yaml) into <dir> (default dist/), replacing it whole:
  one folder per environment, plus argocd/. <dir> must be missing, empty, or an earlier output of synth.`;

export function runSynthCommand(argv: string[]): number {
  let out: string;
  try {
    const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    if (values.help) {
      process.stdout.write(`${SYNTH_USAGE}\n`);
      return 0;
    }
    out = values.out ?? 'dist';
    if (out === '') throw new Error('--out needs a directory');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${SYNTH_USAGE}\n`);
    return 2;
  }
  try {
    assertReplaceable(out);
    return runSynth(out, (files) => replaceDirectory(out, files));
  } catch (err) {
    if (!(err instanceof UnsafeOutputError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = runSynthCommand(process.argv.slice(2));
}
