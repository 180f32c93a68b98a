/**
 * The coaches who sign in to rapport (a Cognito user pool in AWS, cognito-local on loopback): the
 * admin invites one by email (Cognito sends the invitation with a temporary password) and lists them.
 */

export interface Coach {
  /** Their sign-in email, lower case: what a client's `coach` names. */
  email: string;
  /** Cognito's user status: `FORCE_CHANGE_PASSWORD` until the invitation is used, then `CONFIRMED`. */
  status: string;
  enabled: boolean;
  createdAt?: string;
}

export interface Coaches {
  /**
   * Invites `email` as a coach, or, when someone already has that email, makes sure they are in the
   * `coach` group (safe to retry: no second invitation). `created` says which.
   */
  invite(email: string): Promise<{ coach: Coach; created: boolean }>;
  /** Everyone in the `coach` group, by email. */
  list(): Promise<Coach[]>;
}
