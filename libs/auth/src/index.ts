export { ensureLocalKeys, signLocalToken } from './local-issuer.js';
export type { LocalTokenRequest } from './local-issuer.js';
export { localIssuer } from './local-issuer-defaults.js';
export { AuthenticationFailure } from './principal.js';
export type { Principal } from './principal.js';
export { TokenVerifier } from './token-verifier.js';
export type { TokenVerifierOptions } from './token-verifier.js';
