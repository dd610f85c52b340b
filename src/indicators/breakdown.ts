// Breakdowns: the categorical value of an indicator, in the seeds' sense, that the run's aggregates count per group
// (src/score/aggregate.ts). Each indicator declares its own; values follow the contract in INDICATORS.md ("Values: the
// contract the index pipeline reads").

export interface Label {
  lv: string;
  en: string;
}

export interface Breakdown {
  /** "<indicator id>.<what>", like the CSV columns. */
  key: string;
  /** Every value the breakdown can take, in display order: the keys of `values`, present even at count 0. */
  values: readonly string[];
  /** The category of one site's indicator value; null when it cannot be read. */
  classify(value: unknown): string | null;
  /** Report names of the values other than true/false; a value without one is shown as is. */
  valueLabels?: Readonly<Record<string, Label>>;
}

export function at(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export const BOOL = ['true', 'false'] as const;

/** A boolean field: share of true (and of false). */
export function flag(id: string, path: string): Breakdown {
  return { key: `${id}.${path}`, values: BOOL, classify: (v) => (typeof at(v, path) === 'boolean' ? String(at(v, path)) : null) };
}

/** A field with a fixed set of values. */
export function oneOf(id: string, path: string, values: readonly string[], valueLabels?: Readonly<Record<string, Label>>): Breakdown {
  return {
    key: `${id}.${path}`,
    values,
    classify: (v) => {
      const x = at(v, path);
      return typeof x === 'string' && values.includes(x) ? x : null;
    },
    ...(valueLabels ? { valueLabels } : {}),
  };
}
