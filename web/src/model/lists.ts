/** List helpers the slices share: state is never mutated, each change makes a new list. */

/** `list` with `item` in place of the first element `same` matches, or appended when none does. */
export function upsertBy<T>(list: readonly T[], item: T, same: (x: T) => boolean): T[] {
  const index = list.findIndex(same);
  if (index === -1) return [...list, item];
  return list.map((x, i) => (i === index ? item : x));
}

/** Hashes compare without case: the chain and the builder do not always agree on it. */
export const sameHash = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
