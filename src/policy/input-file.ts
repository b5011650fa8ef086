import * as fs from 'fs';
import * as path from 'path';
import { decodeText, isDecodingProblem } from './text-decoding';

/*
 * Reading a file that someone else may have put in the repository. A symlink in a pull
 * request can point at a token file, at /proc/self/environ or at /dev/zero; a plain read
 * follows it, prints the first two in an error and reads the third until the machine runs
 * out of memory. So: only regular files, symlinks only to files inside the directory being
 * read, a cap on the bytes read (counted while reading: /proc files report size 0), and
 * strict UTF-8.
 */

/** Where and how much may be read. */
export interface InputFileLimits {
  /** The most bytes a file may have. */
  readonly maxBytes: number;
  /**
   * A directory (its real path) that symlinks must resolve inside. A symlink that resolves
   * elsewhere is refused. @default symlinks are followed anywhere (a path the user typed)
   */
  readonly within?: string;
}

/** A file's text, or what was found instead, phrased to follow "expected a readable file, got ...". */
export type InputFileRead = { readonly text: string } | { readonly found: string; readonly line?: number };

/** Reads a text file under the limits; never throws for what the file is or holds. */
export function readInputFile(file: string, limits: InputFileLimits): InputFileRead {
  const target = resolveTarget(file, limits.within);
  if (typeof target !== 'string') return target;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the path is already resolved.
    fd = fs.openSync(target, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch (err) {
    return { found: errnoFound(err) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { found: 'a directory' };
    if (!stat.isFile()) return { found: 'a device, FIFO or socket, not a regular file' };
    const bytes = readAtMost(fd, limits.maxBytes + 1, stat.size);
    if (bytes.length > limits.maxBytes) return { found: `a file larger than ${formatBytes(limits.maxBytes)}` };
    const text = decodeText(bytes);
    return isDecodingProblem(text) ? { found: `${text.found} at line ${text.line}, column ${text.column}`, line: text.line } : { text };
  } catch (err) {
    return { found: errnoFound(err) };
  } finally {
    fs.closeSync(fd);
  }
}

/** The real path to open, or what the path is instead of a readable file. */
function resolveTarget(file: string, within: string | undefined): string | { found: string } {
  let real: string;
  try {
    // The C library's realpath: the JS one lstats every component of every path.
    real = fs.realpathSync.native(file);
  } catch (err) {
    return { found: errnoFound(err) };
  }
  if (within !== undefined && real !== within && !real.startsWith(within.endsWith(path.sep) ? within : within + path.sep)) {
    return { found: `a symlink to ${real.startsWith('/proc/') || real.startsWith('/dev/') ? 'a system file' : 'a file'} outside ${within} (symlinks are followed only inside the directory read)` };
  }
  return real;
}

/**
 * Up to `limit` bytes of an open file, read until the end. The first read asks for the size
 * fstat gave and one byte more, so a small file costs a buffer of its size (not a megabyte);
 * after a short read, one byte probes for the end (a file still growing, or one in /proc whose
 * size says 0, is read on).
 */
function readAtMost(fd: number, limit: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let want = Math.min(size + 1, limit);
  for (;;) {
    const chunk = Buffer.allocUnsafe(want);
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total >= limit) break;
    want = n < chunk.length ? 1 : Math.min(1 << 20, limit - total);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

function errnoFound(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT': return 'a dangling symlink or a missing file';
    case 'EISDIR': return 'a directory';
    case 'EACCES': case 'EPERM': return 'a file it may not read (permission denied)';
    case 'ELOOP': return 'a symlink loop';
    case 'EAGAIN': return 'a file that is not ready to read (a FIFO or device?)';
    default: return `an unreadable file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

/** `2097152` -> `2 MiB`. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  let value = n;
  while (value >= 1024 && value % 1024 === 0 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value} ${units[i]}`;
}

/** Parses `64MiB`, `512k`, `1048576` as a byte count; undefined when it is none. */
export function parseBytes(text: string): number | undefined {
  const match = text.trim().match(/^(\d+)\s*(b|bytes|k|kb|kib|m|mb|mib|g|gb|gib)?$/i);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const scale = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const n = Number(match[1]) * scale;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
