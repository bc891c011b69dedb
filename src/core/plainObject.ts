/**
 * Two different questions about an unknown value, kept apart by name. No imports: the webview's
 * protocol checks use them too.
 */

/** True for any object that is not null and not an array (a class instance counts). */
export function isNonArrayObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True only for an object literal or a null-prototype object: what JSON parsing makes, nothing with a class or a replaced prototype. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isNonArrayObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
