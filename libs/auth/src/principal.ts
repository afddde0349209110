/** Who a verified access token speaks for. */
export interface Principal {
  /** The token's `sub`: for a customer, the customerId that owns their orders. */
  subject: string;
  /** Staff restock, read every payment and shipment, and manage dead letters. */
  isStaff: boolean;
}

/**
 * Why a token was refused, in the words of RFC 6750: `invalid_token` answers 401. The message is
 * safe to show the caller; it never echoes the token.
 */
export class AuthenticationFailure extends Error {
  override readonly name = 'AuthenticationFailure';
}
