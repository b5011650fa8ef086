import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { Manifest, SourcedManifest } from './manifest';

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

/** Every object in a YAML text: multi-document, with `kind: List` expanded; empty documents skipped. */
export function parseManifests(text: string, file: string): SourcedManifest[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.some((d) => d.errors.length > 0)) {
    // Parse again with line counting only on failure: it costs time on every good file.
    const lineCounter = new LineCounter();
    const again = parseAllDocuments(text, { lineCounter });
    const e = (Array.isArray(again) ? again : [again]).flatMap((d) => d.errors)[0];
    throw new UnreadableInputError(`${file}:${e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line}: YAML does not parse: ${e.message.split('\n')[0]}`);
  }
  let index = 0;
  return list.flatMap((doc) => {
    const value = doc.toJS() as Manifest | null;
    if (value === null || value === undefined) return [];
    const objects: Manifest[] = value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    return objects.map((object) => ({ object, file, index: index++ }));
  });
}

/** Reads every object under the given paths. Throws UnreadableInputError on bad input. */
export function readManifests(paths: string[]): SourcedManifest[] {
  return manifestFiles(paths).flatMap((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new UnreadableInputError(`${file}: cannot read (${(err as Error).message})`);
    }
    return parseManifests(text, file);
  });
}
