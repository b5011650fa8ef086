import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parentPort, Worker, workerData } from 'worker_threads';
import { evaluate, PolicyOptions } from '../policy/engine';
import { Finding } from '../policy/finding';
import { SourcedManifest } from '../policy/manifest';
import { FoundFile, readFoundFiles, SkippedInput } from '../policy/read-manifests';

/*
 * One `kubectl apply -f <dir>` applies one directory: objects in different directories (dist/dev
 * and dist/prod, say) go to different clusters or runs, so each directory is judged as one run
 * and cross-object rules (duplicates, Service selection) stay inside it. Runs share nothing, so a
 * large input with several of them is split across worker threads, each reading and judging
 * whole runs; the report is put back in input order and reads the same as from one thread.
 */

/** What judging some files found. */
export interface Judged {
  readonly findings: Finding[];
  readonly skipped: SkippedInput[];
  /** Objects read. */
  readonly objects: number;
  /** Files that held at least one object. */
  readonly files: number;
}

/** How the files are judged. */
export interface JudgeOptions {
  readonly policy: PolicyOptions;
  readonly maxBytes: number;
  /**
   * The most threads that judge at once (this one included).
   * @default one less than the CPUs available to the process, at least 1 and at most MAX_JOBS
   */
  readonly jobs?: number;
}

/** More threads than this add memory faster than speed: each holds the rules and its runs' objects. */
export const MAX_JOBS = 4;

/** Below this much input one thread is done before a second one has loaded the rules. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/** Reads and judges files in this thread: every directory one run. */
export function judgeFiles(files: readonly FoundFile[], options: JudgeOptions): Judged {
  const { manifests, skipped } = readFoundFiles(files, { maxBytes: options.maxBytes });
  return {
    findings: evaluateByDirectory(manifests, options.policy),
    skipped,
    objects: manifests.length,
    files: new Set(manifests.map((m) => m.file)).size,
  };
}

/** Judges each directory's objects as one run; findings in input order. */
export function evaluateByDirectory(manifests: SourcedManifest[], options: PolicyOptions): Finding[] {
  const findings = [...byDirectory(manifests).values()].flatMap((group) => evaluate(group, options));
  // Back to input order: files as read; within a file, evaluate already keeps document order.
  const rank = new Map<string, number>();
  manifests.forEach((m) => rank.has(m.file) || rank.set(m.file, rank.size));
  return inFileOrder(findings, rank);
}

/** The runs of an input: its objects by directory. */
export function byDirectory<T extends { readonly file: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const dir = path.dirname(item.file);
    const group = groups.get(dir);
    if (group) group.push(item);
    else groups.set(dir, [item]);
  }
  return groups;
}

/** Items sorted by their file's rank; items of one file keep their order. */
function inFileOrder<T extends { readonly file: string }>(items: T[], rank: ReadonlyMap<string, number>): T[] {
  return items.map((item, i) => ({ item, i }))
    .sort((a, b) => (rank.get(a.item.file) ?? -1) - (rank.get(b.item.file) ?? -1) || a.i - b.i)
    .map(({ item }) => item);
}

/**
 * Judges files with as many threads as the input and the machine make worthwhile. `workerSource`
 * is the code a worker thread runs to load this module and call `judgeInWorker`; without it
 * (as under ts-jest, which a worker cannot load) everything runs here.
 */
export async function judgeFilesInParallel(files: readonly FoundFile[], options: JudgeOptions, workerSource?: string): Promise<Judged> {
  const parts = partition(files, workerSource === undefined ? 1 : jobsFor(options.jobs));
  if (process.env.CDK8S_MCP_DEBUG?.split(',').includes('check')) process.stderr.write(`check: judged by ${parts.length} thread${parts.length > 1 ? 's' : ''}\n`);
  if (parts.length <= 1) return judgeFiles(files, options);
  // The workers start loading while this thread judges its own part.
  const workers = parts.slice(1).map((part) => inWorker(workerSource!, part, options));
  const results = [judgeFiles(parts[0], options), ...(await Promise.all(workers))];
  const rank = new Map(files.map((f, i) => [f.file, i]));
  return {
    findings: inFileOrder(results.flatMap((r) => r.findings), rank),
    skipped: inFileOrder(results.flatMap((r) => r.skipped), rank),
    objects: results.reduce((n, r) => n + r.objects, 0),
    files: results.reduce((n, r) => n + r.files, 0),
  };
}

/** The entry of a worker thread: judges the files it was given and posts what it found. */
export function judgeInWorker(): void {
  const { files, options } = workerData as { files: FoundFile[]; options: JudgeOptions };
  parentPort!.postMessage(judgeFiles(files, options));
}

function inWorker(source: string, files: FoundFile[], options: JudgeOptions): Promise<Judged> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { files, options } });
    let result: Judged | undefined;
    worker.once('message', (judged: Judged) => (result = judged));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`a check worker thread exited with code ${code} before it reported`))));
  });
}

/**
 * V8 compiles and collects garbage on threads of its own, about a CPU's worth while judging: so
 * one CPU is left to them. On 2 CPUs a second judging thread was measured no faster (1.43-1.53 s
 * against 1.44-1.55 s for 10,000 objects) and held 65 MiB more.
 */
function jobsFor(jobs: number | undefined): number {
  return jobs ?? Math.max(1, Math.min(os.availableParallelism() - 1, MAX_JOBS));
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // reported when read
  }
}

/**
 * Whole runs (directories) dealt to at most `jobs` parts of about equal size, largest run
 * first to the smallest part: one part when there is one run or little input.
 */
function partition(files: readonly FoundFile[], jobs: number): FoundFile[][] {
  const runs = [...byDirectory(files).values()];
  if (jobs <= 1 || runs.length <= 1) return [[...files]];
  const sized = runs.map((run) => ({ run, bytes: run.reduce((n, f) => n + sizeOf(f.file), 0) })).sort((a, b) => b.bytes - a.bytes);
  if (sized.reduce((n, r) => n + r.bytes, 0) < PARALLEL_MIN_BYTES) return [[...files]];
  const parts = Array.from({ length: Math.min(jobs, runs.length) }, () => ({ files: [] as FoundFile[], bytes: 0 }));
  for (const { run, bytes } of sized) {
    const smallest = parts.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    smallest.files.push(...run);
    smallest.bytes += bytes;
  }
  return parts.map((p) => p.files);
}
