/** The JWS header members that name a certificate by its hash (RFC 7515 §4.1.7 `x5t`, SHA-1; §4.1.8 `x5t#S256`). */
export const THUMBPRINTS = ['x5t#S256', 'x5t'] as const;
export type Thumbprint = (typeof THUMBPRINTS)[number];
