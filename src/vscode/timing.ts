/** The parts of getting a token that the latency benchmark tells apart (bench/host.ts). */
export type Phase =
  | 'command' // the whole command, from its handler's start
  | 'lookup' // the profile looked up in the settings, and the cached token
  | 'progress' // withProgress: from its call until our task runs, and from the task's end until it resolves
  | 'statusBar' // the change event's listeners (the status bar's update) when an exchange starts
  | 'config' // the settings an exchange reads (lifetime cap, timeout, CA file setting)
  | 'discovery' // an mTLS profile's discoveryUrl: the server's metadata read (RFC 8705 §5)
  | 'log' // lines written to the log (each redacted)
  | 'secret:key' // the profile's private key (and the default slot's), from SecretStorage
  | 'secret:clientSecret'
  | 'secret:origin' // the origins confirmed for the key and secret (OriginTrust): read, and written the first time
  | 'ca' // the extra CA file named in the settings
  | 'checks' // planning the assertion and checking the profile
  | 'exchange' // signing and the HTTP request together
  | 'http' // the HTTP request alone
  | 'store' // the token saved to SecretStorage
  | 'clipboard';

/** One measured stretch: a phase and its start and end (performance.now() of this process). */
export interface Span {
  phase: Phase;
  start: number;
  end: number;
}

/**
 * An optional timing hook for the latency benchmark. Off unless a benchmark sets `record`; when off,
 * each timed call costs one comparison. It carries phase names and times only, never a value.
 */
export class Timing {
  record?: (span: Span) => void;

  time<T>(phase: Phase, work: () => PromiseLike<T>): Promise<T> {
    const record = this.record;
    if (!record) return Promise.resolve(work());
    const start = performance.now();
    return Promise.resolve(work()).finally(() => record({ phase, start, end: performance.now() }));
  }

  timeSync<T>(phase: Phase, work: () => T): T {
    const record = this.record;
    if (!record) return work();
    const start = performance.now();
    try {
      return work();
    } finally {
      record({ phase, start, end: performance.now() });
    }
  }
}
