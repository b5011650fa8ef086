import { replaceDirectory } from '../synth/output';
import { runSynth } from '../synth/run';

/*
 * `npm run synth [-- --out <dir>]`: renders every environment and replaces dist/ only when
 * everything is valid, so a failed run leaves the last good dist/ byte for byte.
 */
const outIndex = process.argv.indexOf('--out');
const out = outIndex >= 0 ? process.argv[outIndex + 1] : 'dist';
if (!out) {
  process.stderr.write('usage: synth [--out <dir>]\n');
  process.exit(2);
}
process.exitCode = runSynth(out, (files) => replaceDirectory(out, files));
