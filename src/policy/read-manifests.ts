import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { readInputFile } from './input-file';
import { Manifest, SourcedManifest } from './manifest';
import { quickLoadAll } from './quick-yaml';
import { MAX_YAML_DEPTH, yamlDepth } from './yaml-depth';

/** Input that cannot be judged: a missing file, or YAML that does not parse. */
export class UnreadableInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableInputError';
  }
}

const MANIFEST_FILE = /\.(ya?ml|json)$/;

/**
 * The most bytes one input file may have unless the caller says otherwise: well above the
 * largest CRD bundles (a few MiB), well below what would exhaust memory.
 */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** How input files are found and read. */
export interface ReadOptions {
  /**
   * The most bytes one file may have.
   * @default DEFAULT_MAX_INPUT_BYTES
   */
  readonly maxBytes?: number;
}

/** A manifest file found under a path, and the directory whose inside its symlinks must stay in. */
export interface FoundFile {
  readonly file: string;
  /** Real path of the directory given; undefined for a file given by name. */
  readonly within?: string;
}

/**
 * Every manifest file under the given files and directories, sorted, hidden folders skipped.
 * A file given by name is read wherever it is; inside a directory, symlinks are read only
 * when they resolve inside it (a symlink to /proc/self/environ is reported, not read), and
 * symlinked directories are not entered.
 */
export function manifestFiles(paths: string[]): string[] {
  return paths.flatMap((p) => findFiles(p).map((f) => f.file));
}

function findFiles(p: string): FoundFile[] {
  if (!fs.existsSync(p) && !isSymlink(p)) throw new UnreadableInputError(`${p}: no such file or directory`);
  if (!isDirectory(p)) return [{ file: p }];
  const within = fs.realpathSync(p);
  const walk = (dir: string): FoundFile[] => fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : MANIFEST_FILE.test(e.name) ? [{ file: path.join(dir, e.name), within }] : []));
  return walk(p);
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A document or file that was not judged, and why: `message` is a whole line that names the file. */
export interface SkippedInput {
  readonly file: string;
  readonly message: string;
}

/** What was read: the Kubernetes objects, and what was skipped with the reason. */
export interface InputRead {
  readonly manifests: SourcedManifest[];
  readonly skipped: SkippedInput[];
}

/** Whether a document looks like a Kubernetes object: a mapping with string apiVersion and kind. */
function notAnObject(value: unknown): string | undefined {
  if (Array.isArray(value)) return 'a YAML list, not a Kubernetes object';
  if (typeof value !== 'object' || value === null) return `a ${typeof value}, not a Kubernetes object`;
  const v = value as Manifest;
  if (typeof v.apiVersion !== 'string' || typeof v.kind !== 'string') return 'not a Kubernetes object (no apiVersion and kind)';
  return undefined;
}

/**
 * Every Kubernetes object in a YAML (or JSON) text: multi-document, `kind: List` expanded,
 * empty documents ignored; documents that are not objects are skipped with the reason.
 * Throws UnreadableInputError when the text does not parse (or is an alias bomb).
 */
export function parseInput(text: string, file: string): InputRead {
  const values = quickLoadAll(text) ?? referenceValues(text, file);
  const manifests: SourcedManifest[] = [];
  const skipped: SkippedInput[] = [];
  let index = 0;
  values.forEach((value, n) => {
    if (value === null || value === undefined) return;
    const why = notAnObject(value);
    if (why) {
      skipped.push({ file, message: `${file}: ${values.length > 1 ? `document ${n + 1}: ` : ''}${why}; skipped` });
      return;
    }
    const v = value as Manifest;
    const objects: Manifest[] = v.kind === 'List' && Array.isArray(v.items) ? v.items : [v];
    objects.forEach((object) => manifests.push({ object, file, index: index++ }));
  });
  return { manifests, skipped };
}

/** The documents as the `yaml` package reads them, with its messages for what it refuses. */
function referenceValues(text: string, file: string): unknown[] {
  // The yaml composer recurses per level: measure first, so a deep document is refused, not a crash.
  const depth = yamlDepth(text);
  if (depth > MAX_YAML_DEPTH) throw new UnreadableInputError(`${file}: YAML nested more than ${MAX_YAML_DEPTH} levels deep; not read`);
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.some((d) => d.errors.length > 0)) {
    // Parse again with line counting only on failure: it costs time on every good file.
    const lineCounter = new LineCounter();
    const again = parseAllDocuments(text, { lineCounter, prettyErrors: false });
    const e = (Array.isArray(again) ? again : [again]).flatMap((d) => d.errors)[0];
    throw new UnreadableInputError(`${file}:${e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line}: YAML does not parse: ${e.message.split('\n')[0]}`);
  }
  return list.map((doc) => {
    try {
      return doc.toJS();
    } catch (err) {
      throw new UnreadableInputError(`${file}: YAML refused: ${(err as Error).message}`);
    }
  });
}

/** Every Kubernetes object in a YAML text; throws UnreadableInputError on anything it cannot judge. */
export function parseManifests(text: string, file: string): SourcedManifest[] {
  const { manifests, skipped } = parseInput(text, file);
  if (skipped.length > 0) throw new UnreadableInputError(skipped[0].message);
  return manifests;
}

function readText(found: FoundFile, maxBytes: number): string {
  const read = readInputFile(found.file, { maxBytes, within: found.within });
  if ('text' in read) return read.text;
  throw new UnreadableInputError(`${found.file}${read.line !== undefined ? `:${read.line}` : ''}: cannot read: ${read.found}`);
}

/** The manifest files under the given paths, in input order, and the paths that could not be listed. */
export function listInput(paths: string[]): { files: FoundFile[]; skipped: SkippedInput[] } {
  const files: FoundFile[] = [];
  const skipped: SkippedInput[] = [];
  for (const p of paths) {
    try {
      files.push(...findFiles(p));
    } catch (err) {
      if (!(err instanceof UnreadableInputError)) throw err;
      skipped.push({ file: p, message: err.message });
    }
  }
  return { files, skipped };
}

/** Reads the objects of found files, skipping (with the reason) what cannot be judged. */
export function readFoundFiles(files: readonly FoundFile[], options: ReadOptions = {}): InputRead {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const manifests: SourcedManifest[] = [];
  const skipped: SkippedInput[] = [];
  for (const found of files) {
    try {
      const read = parseInput(readText(found, maxBytes), found.file);
      manifests.push(...read.manifests);
      skipped.push(...read.skipped);
    } catch (err) {
      if (!(err instanceof UnreadableInputError)) throw err;
      skipped.push({ file: found.file, message: err.message });
    }
  }
  return { manifests, skipped };
}

/** Reads every object under the given paths. Throws UnreadableInputError on any input it cannot judge. */
export function readManifests(paths: string[], options: ReadOptions = {}): SourcedManifest[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  return paths.flatMap(findFiles).flatMap((found) => parseManifests(readText(found, maxBytes), found.file));
}
