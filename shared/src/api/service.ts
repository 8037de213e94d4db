/**
 * Who runs this service and how to reach them (`/api/service`): what the
 * footer's accessibility statement, privacy notice and contact page name.
 * Set by the operator (SERVICE_OWNER_NAME, SERVICE_CONTACT_EMAIL); either may
 * be unset, and the pages then say to contact the partnership that invited you.
 */
import { z } from 'zod';

export const ServiceInfoSchema = z.strictObject({
  /** The organisation running the service, e.g. "Anytown Safeguarding Children Partnership". */
  ownerName: z.string().nullable(),
  /** Where people ask for help, report an accessibility problem or a data request. */
  contactEmail: z.string().email().nullable(),
});
export type ServiceInfo = z.infer<typeof ServiceInfoSchema>;
