import * as path from 'path';
import { PolicyOptions, ruleIds } from '../policy/engine';
import { Finding, formatFinding, hasErrors } from '../policy/finding';
import { parseBytes } from '../policy/input-file';
import { explainRbac } from '../policy/rbac-explain';
import { rbacGraph } from '../policy/rbac-graph';
import { DEFAULT_MAX_INPUT_BYTES, FoundFile, listInput, readFoundFiles, SkippedInput } from '../policy/read-manifests';
import { RuleCategory, Severity } from '../policy/rule';
import { byDirectory, Judged, judgeFiles, judgeFilesInParallel, JudgeOptions, MAX_JOBS } from './check-runs';

// A worker thread loads this module (or its bundle) and calls it (check-runs.ts).
export { judgeInWorker } from './check-runs';

/*
 * `cdk8s-mcp check <file-or-dir>...`: the policy gate on any manifests, ours or not.
 * Exit 0 without unwaived errors, 1 with, 2 on unreadable input or bad usage.
 */

export const CHECK_USAGE = `usage: cdk8s-mcp check [--format text|json] [--only <cat|rule>[,...]] [--skip <cat|rule>[,...]] [--level baseline|restricted] [--max-file-size <bytes>] [--jobs <n>] [--explain-rbac] <file-or-dir>...
  Judges the Kubernetes manifests in the files and directories given (every .yaml/.yml/.json below a directory).
  The objects of one directory form one run, as one \`kubectl apply -f <dir>\` applies them: cross-object rules
  (duplicates, Services and the pods they select, nodePorts) compare objects within a directory, never across
  directories (dist/dev and dist/prod go to different clusters). Documents that are not Kubernetes objects
  (values.yaml, package.json) and files that cannot be read are reported on stderr and skipped.
  Only regular UTF-8 files are read; inside a directory, symlinks are followed only when they resolve inside it.
  --max-file-size caps each file (e.g. 64MiB, the default; 512KiB); a larger file is reported and skipped.
  --jobs: how many threads judge directories at once (default: one less than the CPUs available, at least 1 and at
  most ${MAX_JOBS}; V8's own compiler and garbage collector use the CPU left). Only large inputs of several directories are split; the report is the same either way.
  Exit 0 without unwaived errors, 1 with, 2 on bad usage or when nothing readable remains.
  --only/--skip take categories (${Object.values(RuleCategory).join(', ')}) or rule ids (docs/rules.md).
  --explain-rbac prints, per directory, what each ServiceAccount may do, whom it can act as (creating pod
  templates, minting or reading tokens, impersonating) and what that adds, instead of the findings.`;

interface CheckArgs {
  readonly paths: string[];
  readonly format: 'text' | 'json';
  readonly options: PolicyOptions;
  readonly maxBytes: number;
  readonly explainRbac: boolean;
  /** Threads to judge with; undefined: as many as worthwhile. */
  readonly jobs?: number;
}

/** Where a report goes. */
type Write = (s: string) => void;

/** The most threads `--jobs` may ask for. */
const MAX_EXPLICIT_JOBS = 32;

class UsageError extends Error {}
class HelpRequested extends Error {}

export function parseCheckArgs(argv: string[]): CheckArgs {
  const paths: string[] = [];
  let format: 'text' | 'json' = 'text';
  let only: string[] | undefined;
  let skip: string[] | undefined;
  let level: 'baseline' | 'restricted' = 'restricted';
  let maxBytes = DEFAULT_MAX_INPUT_BYTES;
  let explainRbac = false;
  let jobs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') throw new HelpRequested();
    if (arg === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, got "${v}"`);
      format = v;
    } else if (arg === '--only') only = ruleNames(value(), arg);
    else if (arg === '--skip') skip = ruleNames(value(), arg);
    else if (arg === '--level') {
      const v = value();
      if (v !== 'baseline' && v !== 'restricted') throw new UsageError(`--level must be baseline or restricted, got "${v}"`);
      level = v;
    } else if (arg === '--max-file-size') {
      const v = value();
      const n = parseBytes(v);
      if (n === undefined) throw new UsageError(`--max-file-size must be a size such as 64MiB, 512KiB or 1048576, got "${v}"`);
      maxBytes = n;
    } else if (arg === '--jobs') {
      const v = value();
      // Each thread holds the rules and its share of the objects: more than a machine's cores only costs memory.
      if (!/^[1-9][0-9]?$/.test(v) || Number(v) > MAX_EXPLICIT_JOBS) throw new UsageError(`--jobs must be a whole number from 1 to ${MAX_EXPLICIT_JOBS}, got "${v}"`);
      jobs = Number(v);
    } else if (arg === '--explain-rbac') explainRbac = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('no file or directory given');
  return { paths, format, options: { only, skip, level }, maxBytes, explainRbac, jobs };
}

function ruleNames(value: string, flag: string): string[] {
  const categories = Object.values(RuleCategory) as string[];
  const known = [...categories, ...ruleIds()];
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((c) => !known.includes(c));
  if (bad.length > 0 || list.length === 0) throw new UsageError(`${flag}: unknown category or rule "${bad[0] ?? value}" (expected one of ${categories.join(', ')}, or a rule id from docs/rules.md)`);
  return list;
}

export function summary(findings: Finding[], objects: number, files: number) {
  const unwaived = findings.filter((f) => f.waived === undefined);
  return {
    objects,
    files,
    errors: unwaived.filter((f) => f.severity === Severity.ERROR).length,
    warnings: unwaived.filter((f) => f.severity === Severity.WARNING).length,
    waived: findings.length - unwaived.length,
  };
}

/** Runs the command in this thread; returns the exit code. */
export function runCheck(argv: string[], out: Write = (s) => process.stdout.write(s), err: Write = (s) => process.stderr.write(s)): number {
  const started = start(argv, out, err);
  if (typeof started === 'number') return started;
  const { args, files, skipped } = started;
  if (args.explainRbac) return explain(args, files, skipped, out, err);
  return report(args, skipped, judgeFiles(files, judgeOptions(args)), out, err);
}

/**
 * Runs the command as the CLI does: a large input of several directories is judged by several
 * threads. Resolves to the exit code.
 */
export async function runCheckCommand(
  argv: string[], out: Write = (s) => process.stdout.write(s), err: Write = (s) => process.stderr.write(s),
): Promise<number> {
  const started = start(argv, out, err);
  if (typeof started === 'number') return started;
  const { args, files, skipped } = started;
  if (args.explainRbac) return explain(args, files, skipped, out, err);
  return report(args, skipped, await judgeFilesInParallel(files, judgeOptions(args), workerSource()), out, err);
}

interface Started {
  readonly args: CheckArgs;
  readonly files: FoundFile[];
  /** Paths that could not be listed. */
  readonly skipped: SkippedInput[];
}

/** The arguments and the files they name; or the exit code when there is nothing to do. */
function start(argv: string[], out: (s: string) => void, err: (s: string) => void): Started | number {
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv);
  } catch (e) {
    if (e instanceof HelpRequested) {
      out(`${CHECK_USAGE}\n`);
      return 0;
    }
    if (e instanceof UsageError) {
      err(`${e.message}\n${CHECK_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  return { args, ...listInput(args.paths) };
}

function judgeOptions(args: CheckArgs): JudgeOptions {
  return { policy: args.options, maxBytes: args.maxBytes, jobs: args.jobs };
}

function nothingToCheck(args: CheckArgs, err: (s: string) => void): number {
  err(`nothing to check: no Kubernetes object in ${args.paths.join(', ')}\n`);
  return 2;
}

function explain(args: CheckArgs, files: FoundFile[], listingSkipped: SkippedInput[], out: (s: string) => void, err: (s: string) => void): number {
  const { manifests, skipped } = readFoundFiles(files, { maxBytes: args.maxBytes });
  for (const s of [...listingSkipped, ...skipped]) err(`${s.message}\n`);
  if (manifests.length === 0) return nothingToCheck(args, err);
  for (const [dir, group] of byDirectory(manifests)) out(explainRbac(rbacGraph(group), dir));
  return 0;
}

function report(args: CheckArgs, listingSkipped: SkippedInput[], judged: Judged, out: (s: string) => void, err: (s: string) => void): number {
  const skipped = [...listingSkipped, ...judged.skipped];
  for (const s of skipped) err(`${s.message}\n`);
  if (judged.objects === 0) return nothingToCheck(args, err);
  const { findings } = judged;
  const totals = summary(findings, judged.objects, judged.files);
  if (args.format === 'json') {
    out(`${JSON.stringify({ findings, skipped, summary: totals }, null, 2)}\n`);
  } else {
    // One write: stdout is synchronous on pipes and files, and a large run has thousands of findings.
    out(`${findings.map((f) => `${formatFinding(f)}\n`).join('')}${totals.objects} objects in ${totals.files} files: ${totals.errors} errors, ${totals.warnings} warnings, ${totals.waived} waived\n`);
  }
  return hasErrors(findings) ? 1 : 0;
}

/**
 * What a worker thread runs to load this command the way it was started: from its bundle with
 * the code cache (src/cli/fast-start.ts), or from lib/src. Under ts-jest (a .ts file, which a
 * worker cannot load) there is none, and one thread judges everything.
 */
function workerSource(): string | undefined {
  if (!__filename.endsWith('.js')) return undefined;
  const bundled = path.basename(path.dirname(__filename)) === 'bundle';
  const load = bundled
    ? `require(${JSON.stringify(path.join(__dirname, '..', 'src', 'cli', 'fast-start.js'))}).loadBundle('check').exports`
    : `require(${JSON.stringify(__filename)})`;
  return `${load}.judgeInWorker();`;
}

if (require.main === module) {
  runCheckCommand(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
