/**
 * The one rule for the algorithm an assertion is signed with, used wherever it is decided or shown
 * (the exchange's plan, the claim editor, its live preview, the CLI): the profile's `algorithm`,
 * else the header's `alg`, else the algorithm the flow fixes, else the key's default.
 * No imports: the webview's preview runs it too.
 */
export function chooseAlgorithm(choices: {
  algorithm?: string;
  header?: Record<string, unknown>;
  flowAlgorithm?: string;
  /** Called only when nothing else decides (it may throw for a key no algorithm suits). */
  keyDefault?: () => string | undefined;
}): string | undefined {
  const headerAlg = choices.header?.alg;
  return choices.algorithm ?? (typeof headerAlg === 'string' ? headerAlg : undefined) ?? choices.flowAlgorithm ?? choices.keyDefault?.();
}
