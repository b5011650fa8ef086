import { z } from 'zod';

/*
 * Typos must not be ignored, and they are fixed faster with a hint: the keys a mapping
 * accepts, read from the schema itself, and the closest one to what was typed.
 */

type AnySchema = z.core.$ZodType;

/** The keys the object schema at `path` accepts (for a server: those of its `type`). */
export function knownKeys(schema: AnySchema, path: ReadonlyArray<PropertyKey>, data: unknown): string[] {
  let current: AnySchema | undefined = schema;
  let value: unknown = data;
  for (const key of [...path, undefined]) {
    current = current && unwrap(current, value);
    if (key === undefined || !current) break;
    const def: any = current._zod.def;
    if (def.type === 'object') current = def.shape[key as string];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else current = undefined;
    value = value !== null && typeof value === 'object' ? (value as any)[key] : undefined;
  }
  const def: any = current?._zod.def;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
}

function unwrap(schema: AnySchema, value: unknown): AnySchema | undefined {
  const def: any = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
      return unwrap(def.innerType, value);
    case 'pipe':
      return unwrap(def.in, value);
    case 'union': {
      const tag = def.discriminator && value !== null && typeof value === 'object' ? (value as any)[def.discriminator] : undefined;
      const match = def.options.find((o: any) => o._zod.def.shape?.[def.discriminator]?._zod.def.values?.includes(tag));
      return match ? unwrap(match, value) : undefined;
    }
    default:
      return schema;
  }
}

/** The candidate within edit distance 2 (or a third of the word) of `word`, if any. */
export function suggest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
