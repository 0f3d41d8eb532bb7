/** One difference between what the files say and what the server has. */
export interface Difference {
  path: string;
  from: unknown;
  to: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const sortedJson = (v: unknown[]) => JSON.stringify([...v].map((x) => JSON.stringify(x)).sort());

/**
 * Differences between `desired` (from the files) and `actual` (from the server), looking only at
 * what `desired` names: the server fills in defaults the files never mention, and those must not
 * show up as changes, or a second push would never be a no-op. Members listed in `exact` are
 * compared both ways (a trigger removed from the files is a change).
 */
export function diff(
  desired: unknown,
  actual: unknown,
  path = '',
  exact: readonly string[] = [],
): Difference[] {
  if (Array.isArray(desired)) {
    const other = Array.isArray(actual) ? actual : actual === undefined ? [] : [actual];
    return sortedJson(desired) === sortedJson(other) ? [] : [{ path, from: actual, to: desired }];
  }
  if (isObject(desired)) {
    const other = isObject(actual) ? actual : {};
    const keys = new Set(Object.keys(desired));
    if (exact.includes(path)) for (const key of Object.keys(other)) keys.add(key);
    return [...keys].flatMap((key) =>
      diff(desired[key], other[key], path ? `${path}.${key}` : key, exact),
    );
  }
  if (desired === undefined && actual === undefined) return [];
  return desired === actual ? [] : [{ path, from: actual, to: desired }];
}

/** `Policies.PasswordPolicy.MinimumLength: 8 → 12`. */
export function describeDifference(d: Difference): string {
  const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
  return `${d.path}: ${show(d.from)} → ${show(d.to)}`;
}
