/**
 * Whether a value is one of a list of codes, narrowing it to the list's type: the one way both apps and the server
 * test membership in a status set or a code list, without widening casts.
 */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
