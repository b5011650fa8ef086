import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `dir` with exactly these files, or leaves it untouched. Files are written to a
 * sibling temporary directory first and swapped in by rename, so a failure at any point
 * before the swap leaves the last good output as it was. An output that already holds exactly
 * these files is not touched at all (a synth with nothing new writes and deletes nothing).
 */
export function replaceDirectory(dir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(dir);
  const previous = { dir: target, texts: previousOutput(dir) };
  if (previous.texts.size === files.size && [...files].every(([relative, text]) => previous.texts.get(relative) === text)) return;
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}-new-`));
  try {
    writeFiles(staging, files, previous);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const retired = `${staging.replace(/-new-/, '-old-')}`;
  if (fs.existsSync(target)) fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  fs.rmSync(retired, { recursive: true, force: true });
}

/** The output being replaced: its directory and the text of each file in it. */
export interface PreviousOutput {
  readonly dir: string;
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * Writes files into a directory that may already exist (the cdk8s CLI empties its own). A
 * file the previous output already holds with the same text is hard-linked instead:
 * unchanged files keep their inode and mtime, and a synth that changes one server of a
 * thousand writes one file, not a thousand (deleting and rewriting them all was most of a
 * large synth's time on disks that discard freed blocks).
 */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>, previous?: PreviousOutput): void {
  for (const [relative, text] of files) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (previous?.texts.get(relative) !== text || !linked(path.join(previous.dir, relative), file)) fs.writeFileSync(file, text);
  }
}

function linked(old: string, file: string): boolean {
  try {
    fs.linkSync(old, file);
    return true;
  } catch {
    // No hard links on this file system: write it.
    return false;
  }
}

/** The first line of every file synth writes; how a previous output of ours is recognised. */
export const RENDERED_HEADER = '# Rendered by cdk8s-mcp';

/** Thrown when an output directory holds anything synth did not write. */
export class UnsafeOutputError extends Error {}

/**
 * Synth replaces its output directory whole, so it may only replace one that is missing,
 * empty, or a previous output of ours: every file a `.yaml` file that starts with our
 * header. Anything else (a checkout, `environments/`, a home directory) is refused.
 */
export function assertReplaceable(dir: string): void {
  walkOutput(dir, (file) => readStart(file));
}

/**
 * The text of every file of a previous output, by path relative to it (empty when the
 * directory is missing); refuses, as assertReplaceable does, anything synth did not write.
 */
export function previousOutput(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  walkOutput(dir, (file, relative) => {
    const text = fs.readFileSync(file, 'utf8');
    texts.set(relative, text);
    return text;
  });
  return texts;
}

/** Visits every file below an output directory; `read` returns its start, to check the header. */
function walkOutput(dir: string, read: (file: string, relative: string) => string): void {
  const target = path.resolve(dir);
  if (!fs.existsSync(target)) return;
  const refuse = (why: string) => {
    throw new UnsafeOutputError(`refusing to replace ${dir}/: ${why}; synth only replaces a missing or empty directory, or one it rendered before (every file a .yaml file starting with "${RENDERED_HEADER}")`);
  };
  if (!fs.lstatSync(target).isDirectory()) refuse('it is not a directory');
  if (target === path.resolve('.') || path.resolve('.').startsWith(`${target}${path.sep}`)) refuse('it contains the current directory');
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      const shown = path.relative(target, p);
      if (entry.isDirectory()) walk(p);
      else if (!entry.isFile()) refuse(`${shown} is not a regular file`);
      else if (!entry.name.endsWith('.yaml')) refuse(`it holds ${shown}, which cdk8s-mcp did not render`);
      else if (!read(p, shown.split(path.sep).join('/')).startsWith(RENDERED_HEADER)) refuse(`${shown} does not start with "${RENDERED_HEADER}"`);
    }
  };
  walk(target);
}

function readStart(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(RENDERED_HEADER.length);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
