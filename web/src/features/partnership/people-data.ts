/**
 * The people, invitations and audit log screens' server data (managers only),
 * through TanStack Query and the offline module's API client.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditPageBody, AuditQuery, MailDelivery, PersonBody, Role } from '@s11/shared';
import { offline } from '../../offline';

export type InvitationState = 'pending' | 'accepted' | 'expired' | 'revoked' | 'replaced';

export interface InvitationRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  organisationName: string | null;
  existingAccount: boolean;
  state: InvitationState;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  /** The newest email's delivery (the mail outbox). */
  delivery: MailDelivery;
}

export const usePeople = (pid: string) =>
  useQuery({
    queryKey: ['people', pid],
    queryFn: () =>
      offline.api
        .get<{ people: PersonBody[] }>(`/api/partnerships/${pid}/users`)
        .then((r) => r.people),
  });

export const usePerson = (pid: string, uid: string) =>
  useQuery({
    queryKey: ['people', pid, uid],
    queryFn: () => offline.api.get<PersonBody>(`/api/partnerships/${pid}/users/${uid}`),
  });

export const useInvitations = (pid: string) =>
  useQuery({
    queryKey: ['invitations', pid],
    queryFn: () =>
      offline.api
        .get<{ invitations: InvitationRow[] }>(`/api/partnerships/${pid}/invitations`)
        .then((r) => r.invitations),
  });

/** The query string for the audit log's filters (empty ones left out). */
export function auditSearch(q: Partial<AuditQuery>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const useAuditLog = (pid: string, q: Partial<AuditQuery>) =>
  useQuery({
    queryKey: ['audit', pid, q],
    // The page being left stays on screen until the next one arrives.
    placeholderData: keepPreviousData,
    queryFn: () =>
      offline.api.get<AuditPageBody>(`/api/partnerships/${pid}/audit${auditSearch(q)}`),
  });

export function usePeopleMutations(pid: string) {
  const qc = useQueryClient();
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['people', pid] }),
      qc.invalidateQueries({ queryKey: ['invitations', pid] }),
      qc.invalidateQueries({ queryKey: ['audit', pid] }),
    ]);
  return {
    changeRole: useMutation({
      mutationFn: ({ uid, mid, role }: { uid: string; mid: string; role: Role }) =>
        offline.api.put<PersonBody>(`/api/partnerships/${pid}/users/${uid}/memberships/${mid}`, {
          role,
        }),
      onSuccess: refresh,
    }),
    setDisabled: useMutation({
      mutationFn: ({ uid, disabled }: { uid: string; disabled: boolean }) =>
        offline.api.post(
          `/api/partnerships/${pid}/users/${uid}/${disabled ? 'disable' : 'enable'}`,
        ),
      onSuccess: refresh,
    }),
    resend: useMutation({
      mutationFn: (iid: string) =>
        offline.api.post<{ expiresAt: string }>(
          `/api/partnerships/${pid}/invitations/${iid}/resend`,
        ),
      onSuccess: refresh,
    }),
    revoke: useMutation({
      mutationFn: (iid: string) =>
        offline.api.post(`/api/partnerships/${pid}/invitations/${iid}/revoke`),
      onSuccess: refresh,
    }),
  };
}

const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "3 Jun 2026, 14:05" in UK time. */
export const formatWhen = (iso: string | null | undefined): string =>
  iso ? ukDateTime.format(new Date(iso)) : '';
