/**
 * Where a text line holds something shaped like a compact JWS (a JWT): three base64url parts, the
 * header starting with "eyJ" (`{"`), not part of a longer dotted run (a five-part JWE is not one).
 * Only the shape: decoding is jwtDecode's. Tiny and linear, for the hover and CodeLens providers
 * registered at activation; a line is scanned only within {@link MAX_TOKEN_CHARS} of the point
 * asked about, so a minified megabyte line costs no more than a long token.
 */
import { MAX_TOKEN_CHARS } from './limits';

export interface JwtSpan {
  /** Offsets in the line: [start, end). */
  start: number;
  end: number;
  token: string;
}

// Starts only where a base64url run starts, so a long run is walked once, not once per "eyJ" in it.
const JWT_SHAPE = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/g;

function* spansIn(line: string, from: number, to: number): Generator<JwtSpan> {
  if (!line.includes('eyJ', from)) return;
  for (const match of line.slice(from, to).matchAll(JWT_SHAPE)) {
    if (match[0].length <= MAX_TOKEN_CHARS) yield { start: from + match.index, end: from + match.index + match[0].length, token: match[0] };
  }
}

/** The first `limit` JWT-shaped spans of a line, looking at its first `2 × MAX_TOKEN_CHARS` characters only. */
export function jwtSpans(line: string, limit = 100): JwtSpan[] {
  const spans: JwtSpan[] = [];
  for (const span of spansIn(line, 0, Math.min(line.length, MAX_TOKEN_CHARS * 2))) {
    if (spans.push(span) >= limit) break;
  }
  return spans;
}

/** The JWT-shaped span that `character` is on (its end included), if any. */
export function jwtSpanAt(line: string, character: number): JwtSpan | undefined {
  for (const span of spansIn(line, Math.max(0, character - MAX_TOKEN_CHARS), Math.min(line.length, character + MAX_TOKEN_CHARS))) {
    if (span.start > character) return undefined;
    if (character <= span.end) return span;
  }
  return undefined;
}
