/**
 * The console's server data: a query-option factory per resource
 * (bulletproof-react's `features/<name>/api`), each over a named command of the
 * offline module. The types are the server routes' own, through the typed
 * client; nothing here writes a response shape by hand (decision 016).
 *
 * @example const { data } = useQuery(cyclesQuery(pid));
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { send, useMe, type CommandArgs, type CommandResult } from '../../offline';

export type CycleRow = CommandResult<'cycles.list'>['cycles'][number];
export type OrgRow = CommandResult<'organisations.list'>['organisations'][number];
export type TrackerRow = CommandResult<'cycles.tracker'>['returns'][number];
/** The cycle report, as the server builds it. */
export type ReportData = CommandResult<'cycles.report'>;
export type FullReturn = CommandResult<'returns.get'>;
/** One reminder email for a cycle, and how its delivery went. */
export type ReminderRow = CommandResult<'reminders.list'>['reminders'][number];
/** The answer to an invitation: its email's delivery; with mail disabled, the link to pass on. */
export type InvitationSent = CommandResult<'invitations.send'>;
/** The answer to "send reminders": exactly what was queued, and who has nobody to email. */
export type RemindersQueued = CommandResult<'reminders.send'>;

export const cyclesQuery = (pid: string | undefined) =>
  queryOptions({
    queryKey: ['cycles', pid],
    enabled: !!pid,
    queryFn: () => send('cycles.list', { pid: pid ?? '' }).then((r) => r.cycles),
  });

export const organisationsQuery = (pid: string | undefined) =>
  queryOptions({
    queryKey: ['organisations', pid],
    enabled: !!pid,
    queryFn: () => send('organisations.list', { pid: pid ?? '' }).then((r) => r.organisations),
  });

export const trackerQuery = (cycleId: string | undefined) =>
  queryOptions({
    queryKey: ['tracker', cycleId],
    enabled: !!cycleId,
    queryFn: () => send('cycles.tracker', { cycleId: cycleId ?? '' }).then((r) => r.returns),
  });

/** The cycle's reminder emails (managers): asked again every few seconds while any is queued. */
export const remindersQuery = (cycleId: string | undefined, enabled: boolean) =>
  queryOptions({
    queryKey: ['reminders', cycleId],
    enabled: enabled && !!cycleId,
    queryFn: () => send('reminders.list', { cycleId: cycleId ?? '' }).then((r) => r.reminders),
    refetchInterval: (q) =>
      q.state.data?.some((r) => r.delivery.state === 'queued') ? 5_000 : false,
  });

export const reportQuery = (cycleId: string | undefined) =>
  queryOptions({
    queryKey: ['report', cycleId],
    enabled: !!cycleId,
    queryFn: () => send('cycles.report', { cycleId: cycleId ?? '' }),
  });

export const returnQuery = (returnId: string) =>
  queryOptions({
    queryKey: ['return', returnId],
    queryFn: () => send('returns.get', { returnId }),
  });

/** The partnership this person works for, and whether they may change things. */
export function usePartnership() {
  const me = useMe();
  const m = me?.memberships.find((x) => x.scope === 'partnership');
  const id = m?.scope === 'partnership' ? m.partnershipId : undefined;
  const partnership = me?.partnerships.find((p) => p.id === id);
  return { me, partnership, canManage: m?.role === 'partnership_manager' };
}

export const useCycles = (pid: string | undefined) => useQuery(cyclesQuery(pid));
export const useOrganisations = (pid: string | undefined) => useQuery(organisationsQuery(pid));
export const useTracker = (cycleId: string | undefined) => useQuery(trackerQuery(cycleId));
export const useReminders = (cycleId: string | undefined, enabled: boolean) =>
  useQuery(remindersQuery(cycleId, enabled));
export const useReport = (cycleId: string | undefined) => useQuery(reportQuery(cycleId));
export const useFullReturn = (returnId: string) => useQuery(returnQuery(returnId));

export function useConsoleMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries();
  return {
    moderate: useMutation({
      mutationFn: (args: CommandArgs<'returns.moderate'>[0]) => send('returns.moderate', args),
      onSuccess: refresh,
    }),
    setStatus: useMutation({
      mutationFn: (args: CommandArgs<'returns.setStatus'>[0]) => send('returns.setStatus', args),
      onSuccess: refresh,
    }),
    openCycle: useMutation({
      mutationFn: (args: CommandArgs<'cycles.open'>[0]) => send('cycles.open', args),
      onSuccess: refresh,
    }),
    addOrganisation: useMutation({
      mutationFn: (args: CommandArgs<'organisations.add'>[0]) => send('organisations.add', args),
      onSuccess: refresh,
    }),
    editOrganisation: useMutation({
      mutationFn: (args: CommandArgs<'organisations.edit'>[0]) => send('organisations.edit', args),
      onSuccess: refresh,
    }),
    importOrganisations: useMutation({
      mutationFn: (args: CommandArgs<'organisations.import'>[0]) =>
        send('organisations.import', args),
      onSuccess: refresh,
    }),
    invite: useMutation({
      mutationFn: (args: CommandArgs<'invitations.send'>[0]) => send('invitations.send', args),
    }),
    remind: useMutation({
      mutationFn: (cycleId: string) => send('reminders.send', { cycleId }),
      onSuccess: refresh,
    }),
  };
}
