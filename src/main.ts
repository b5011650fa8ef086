import { writeFiles } from './synth/output';
import { runSynth } from './synth/run';

/*
 * The app `npx cdk8s synth` runs (see cdk8s.yaml). The CLI empties its output directory
 * (cdk8s.out/) before running us, which is why it is not dist/; the files written here
 * equal those `npm run synth` puts in dist/, byte for byte.
 */
const outdir = process.env.CDK8S_OUTDIR || 'cdk8s.out';
process.exitCode = runSynth(outdir, (files) => writeFiles(outdir, files), { emptiedBefore: true });
