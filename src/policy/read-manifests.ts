import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { Manifest, SourcedManifest } from './manifest';
import { quickLoadAll } from './quick-yaml';

/** Input that cannot be judged: a missing file, or YAML that does not parse. */
export class UnreadableInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableInputError';
  }
}

const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** Every manifest file under the given files and directories, sorted, hidden folders skipped. */
export function manifestFiles(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!fs.existsSync(p)) throw new UnreadableInputError(`${p}: no such file or directory`);
    if (!fs.statSync(p).isDirectory()) return [p];
    return fs.readdirSync(p, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => (e.isDirectory() ? manifestFiles([path.join(p, e.name)]) : MANIFEST_FILE.test(e.name) ? [path.join(p, e.name)] : []));
  });
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
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.some((d) => d.errors.length > 0)) {
    // Parse again with line counting only on failure: it costs time on every good file.
    const lineCounter = new LineCounter();
    const again = parseAllDocuments(text, { lineCounter });
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

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file (a dangling symlink?)' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UnreadableInputError(`${file}: cannot read: ${why}`);
  }
}

/** Reads every object under the given paths, skipping (with the reason) what cannot be judged. */
export function readInput(paths: string[]): InputRead {
  const manifests: SourcedManifest[] = [];
  const skipped: SkippedInput[] = [];
  for (const p of paths) {
    let files: string[];
    try {
      files = manifestFiles([p]);
    } catch (err) {
      if (!(err instanceof UnreadableInputError)) throw err;
      skipped.push({ file: p, message: err.message });
      continue;
    }
    for (const file of files) {
      try {
        const read = parseInput(readText(file), file);
        manifests.push(...read.manifests);
        skipped.push(...read.skipped);
      } catch (err) {
        if (!(err instanceof UnreadableInputError)) throw err;
        skipped.push({ file, message: err.message });
      }
    }
  }
  return { manifests, skipped };
}

/** Reads every object under the given paths. Throws UnreadableInputError on any input it cannot judge. */
export function readManifests(paths: string[]): SourcedManifest[] {
  return manifestFiles(paths).flatMap((file) => parseManifests(readText(file), file));
}
