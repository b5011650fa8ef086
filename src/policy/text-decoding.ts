import { isUtf8 } from 'buffer';

/*
 * Input files are UTF-8 text, as YAML 1.2 and kubectl expect. A lenient decoder turns a
 * Latin-1 byte into U+FFFD and reads a UTF-16 file as one long string of NULs and letters;
 * both then reach rules and messages as if they were what the author wrote. We decode
 * strictly and say where the first byte that is not UTF-8 text is.
 * @see https://yaml.org/spec/1.2.2/#51-character-set
 */

/** Why bytes are not text we read, and where. */
export interface DecodingProblem {
  /** 1-based line and column (in characters) of the first offending byte. */
  readonly line: number;
  readonly column: number;
  /** What was found there, e.g. `byte 0xE9, which is not UTF-8 (a Latin-1 file?)`. */
  readonly found: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The text of UTF-8 bytes (a leading byte order mark dropped), or where they stop being text. */
export function decodeText(bytes: Buffer): string | DecodingProblem {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { line: 1, column: 1, found: 'a UTF-16 byte order mark (convert the file to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`)' };
  }
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  if (!isUtf8(body)) return problemAt(body, firstInvalidUtf8(body), (b) => `byte 0x${hex(b)}, which is not UTF-8 (a Latin-1 or Windows-1252 file?)`);
  const text = body.toString('utf8');
  const control = text.search(CONTROL);
  if (control >= 0) {
    const code = text.charCodeAt(control);
    const what = code === 0 ? 'a NUL byte (a UTF-16 or binary file?)' : `the control character 0x${hex(code)}`;
    return { ...position(text, control), found: `${what}, which YAML does not allow` };
  }
  return text;
}

export function isDecodingProblem(value: string | DecodingProblem): value is DecodingProblem {
  return typeof value !== 'string';
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

/** C0 controls other than tab, line feed and carriage return, and DEL: not printable YAML. */
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

/** Line and column of a byte offset, counted in characters of the valid text before it. */
function problemAt(bytes: Buffer, offset: number, found: (byte: number) => string): DecodingProblem {
  const before = bytes.subarray(0, offset).toString('utf8');
  return { ...position(before, before.length), found: found(bytes[offset]) };
}

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: [...before.slice(lastBreak + 1)].length + 1 };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

/** The length of the well-formed UTF-8 sequence at i (RFC 3629, table 3-7 of Unicode), or 0. */
function sequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => bytes[i + k] !== undefined && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
