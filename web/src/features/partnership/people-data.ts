/**
 * The people, invitations and audit log screens' server data (managers
 * only): query-option factories over the offline module's named commands,
 * typed by the server's routes (decision 016).
 */
import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { AuditQuery, Role } from '@s11/shared';
import { send, type CommandResult } from '../../offline';

export type InvitationRow = CommandResult<'invitations.list'>['invitations'][number];
export type InvitationState = InvitationRow['state'];

export const peopleQuery = (pid: string) =>
  queryOptions({
    queryKey: ['people', pid],
    queryFn: () => send('people.list', { pid }).then((r) => r.people),
  });

export const personQuery = (pid: string, uid: string) =>
  queryOptions({
    queryKey: ['people', pid, uid],
    queryFn: () => send('people.get', { pid, uid }),
  });

export const invitationsQuery = (pid: string) =>
  queryOptions({
    queryKey: ['invitations', pid],
    queryFn: () => send('invitations.list', { pid }).then((r) => r.invitations),
  });

export const auditQuery = (pid: string, q: Partial<AuditQuery>) =>
  queryOptions({
    queryKey: ['audit', pid, q],
    // The page being left stays on screen until the next one arrives.
    placeholderData: keepPreviousData,
    queryFn: () => send('audit.page', { pid, query: q }),
  });

export const usePeople = (pid: string) => useQuery(peopleQuery(pid));
export const usePerson = (pid: string, uid: string) => useQuery(personQuery(pid, uid));
export const useInvitations = (pid: string) => useQuery(invitationsQuery(pid));
export const useAuditLog = (pid: string, q: Partial<AuditQuery>) => useQuery(auditQuery(pid, q));

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
        send('people.changeRole', { pid, uid, mid, role }),
      onSuccess: refresh,
    }),
    setDisabled: useMutation({
      mutationFn: ({ uid, disabled }: { uid: string; disabled: boolean }) =>
        send('people.setDisabled', { pid, uid, disabled }),
      onSuccess: refresh,
    }),
    resend: useMutation({
      mutationFn: (iid: string) => send('invitations.resend', { pid, iid }),
      onSuccess: refresh,
    }),
    revoke: useMutation({
      mutationFn: (iid: string) => send('invitations.revoke', { pid, iid }),
      onSuccess: refresh,
    }),
  };
}
