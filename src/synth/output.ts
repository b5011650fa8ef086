import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `dir` with exactly these files, or leaves it untouched. Files are written to a
 * sibling temporary directory first and swapped in by rename, so a failure at any point
 * before the swap leaves the last good output as it was.
 */
export function replaceDirectory(dir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}-new-`));
  try {
    writeFiles(staging, files);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const retired = `${staging.replace(/-new-/, '-old-')}`;
  if (fs.existsSync(target)) fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  fs.rmSync(retired, { recursive: true, force: true });
}

/** Writes files into a directory that may already exist (the cdk8s CLI empties its own). */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [relative, text] of files) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
