import * as path from 'path';
import { evaluate, PolicyOptions, ruleIds } from '../policy/engine';
import { Finding, formatFinding, hasErrors } from '../policy/finding';
import { parseBytes } from '../policy/input-file';
import { DEFAULT_MAX_INPUT_BYTES, readInput } from '../policy/read-manifests';
import { SourcedManifest } from '../policy/manifest';
import { explainRbac } from '../policy/rbac-explain';
import { rbacGraph } from '../policy/rbac-graph';
import { RuleCategory, Severity } from '../policy/rule';

/*
 * `cdk8s-mcp check <file-or-dir>...`: the policy gate on any manifests, ours or not.
 * Exit 0 without unwaived errors, 1 with, 2 on unreadable input or bad usage.
 */

export const CHECK_USAGE = `usage: cdk8s-mcp check [--format text|json] [--only <cat|rule>[,...]] [--skip <cat|rule>[,...]] [--level baseline|restricted] [--max-file-size <bytes>] [--explain-rbac] <file-or-dir>...
  Judges the Kubernetes manifests in the files and directories given (every .yaml/.yml/.json below a directory).
  The objects of one directory form one run, as one \`kubectl apply -f <dir>\` applies them: cross-object rules
  (duplicates, Services and the pods they select, nodePorts) compare objects within a directory, never across
  directories (dist/dev and dist/prod go to different clusters). Documents that are not Kubernetes objects
  (values.yaml, package.json) and files that cannot be read are reported on stderr and skipped.
  Only regular UTF-8 files are read; inside a directory, symlinks are followed only when they resolve inside it.
  --max-file-size caps each file (e.g. 64MiB, the default; 512KiB); a larger file is reported and skipped.
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
}

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
    } else if (arg === '--explain-rbac') explainRbac = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('no file or directory given');
  return { paths, format, options: { only, skip, level }, maxBytes, explainRbac };
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

/**
 * One `kubectl apply -f <dir>` applies one directory: objects in different directories
 * (dist/dev and dist/prod, say) go to different clusters or runs, so each directory is
 * judged as one run and cross-object rules (duplicates, Service selection) stay inside it.
 */
export function evaluateByDirectory(manifests: SourcedManifest[], options: PolicyOptions): Finding[] {
  const findings = [...byDirectory(manifests).values()].flatMap((group) => evaluate(group, options));
  // Back to input order: files as read; within a file, evaluate already keeps document order.
  const rank = new Map<string, number>();
  manifests.forEach((m) => rank.has(m.file) || rank.set(m.file, rank.size));
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank.get(a.f.file)! - rank.get(b.f.file)! || a.i - b.i).map(({ f }) => f);
}

/** The runs of an input: its objects by directory. */
function byDirectory(manifests: SourcedManifest[]): Map<string, SourcedManifest[]> {
  const groups = new Map<string, SourcedManifest[]>();
  for (const m of manifests) {
    const dir = path.dirname(m.file);
    const group = groups.get(dir);
    if (group) group.push(m);
    else groups.set(dir, [m]);
  }
  return groups;
}

/** Runs the command; returns the exit code. */
export function runCheck(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
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
  const { manifests, skipped } = readInput(args.paths, { maxBytes: args.maxBytes });
  for (const s of skipped) err(`${s.message}\n`);
  if (manifests.length === 0) {
    err(`nothing to check: no Kubernetes object in ${args.paths.join(', ')}\n`);
    return 2;
  }
  if (args.explainRbac) {
    for (const [dir, group] of byDirectory(manifests)) out(explainRbac(rbacGraph(group), dir));
    return 0;
  }
  const findings = evaluateByDirectory(manifests, args.options);
  const totals = summary(findings, manifests.length, new Set(manifests.map((m) => m.file)).size);
  if (args.format === 'json') {
    out(`${JSON.stringify({ findings, skipped, summary: totals }, null, 2)}\n`);
  } else {
    // One write: stdout is synchronous on pipes and files, and a large run has thousands of findings.
    out(`${findings.map((f) => `${formatFinding(f)}\n`).join('')}${totals.objects} objects in ${totals.files} files: ${totals.errors} errors, ${totals.warnings} warnings, ${totals.waived} waived\n`);
  }
  return hasErrors(findings) ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = runCheck(process.argv.slice(2));
}
