import type { Membership } from '@s11/shared';

/** The signed-in user, as every route sees them. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  memberships: Membership[];
}
