/**
 * The console's server data, through TanStack Query and the offline module's
 * API client (features never call fetch themselves).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CycleReport,
  Moderation,
  ReturnStatus,
  Sector,
  StandardResponse,
  Action,
  Return,
  ModerationInput,
  CycleInput,
  OrganisationInput,
  MailDelivery,
  Role,
} from '@s11/shared';
import { offline, useMe } from '../../offline';

export interface CycleRow {
  id: string;
  name: string;
  opensOn: string;
  dueOn: string;
}
export interface OrgRow {
  id: string;
  name: string;
  sector: Sector;
  subType: string | null;
  usualVariant: 'full' | 'light';
  contactName: string;
  contactEmail: string;
}
export interface TrackerRow {
  id: string;
  organisationId: string;
  organisationName: string;
  sector: Sector;
  subType: string | null;
  variant: string;
  status: ReturnStatus;
  updatedAt: string;
}
/** The cycle report, as the server builds it. */
export type ReportData = CycleReport;

export interface FullReturn {
  return: Return;
  statusMessage: string;
  cycle: { id: string; name: string; dueOn: string } | null;
  organisation: { id: string; name: string; sector: string; subType: string | null } | null;
  standards: StandardResponse[];
  actions: Action[];
  moderations: Moderation[];
  completeness: { complete: boolean; completedCount: number };
}

/** The partnership this person works for, and whether they may change things. */
export function usePartnership() {
  const me = useMe();
  const m = me?.memberships.find((x) => x.scope === 'partnership');
  const id = m?.scope === 'partnership' ? m.partnershipId : undefined;
  const partnership = me?.partnerships.find((p) => p.id === id);
  return { me, partnership, canManage: m?.role === 'partnership_manager' };
}

export const useCycles = (pid: string | undefined) =>
  useQuery({
    queryKey: ['cycles', pid],
    enabled: !!pid,
    queryFn: () =>
      offline.api
        .get<{ cycles: CycleRow[] }>(`/api/partnerships/${pid ?? ''}/cycles`)
        .then((r) => r.cycles),
  });

export const useOrganisations = (pid: string | undefined) =>
  useQuery({
    queryKey: ['organisations', pid],
    enabled: !!pid,
    queryFn: () =>
      offline.api
        .get<{ organisations: OrgRow[] }>(`/api/partnerships/${pid ?? ''}/organisations`)
        .then((r) => r.organisations),
  });

export const useTracker = (cycleId: string | undefined) =>
  useQuery({
    queryKey: ['tracker', cycleId],
    enabled: !!cycleId,
    queryFn: () =>
      offline.api
        .get<{ returns: TrackerRow[] }>(`/api/cycles/${cycleId ?? ''}/returns`)
        .then((r) => r.returns),
  });

/** One reminder email for a cycle, and how its delivery went. */
export interface ReminderRow {
  id: string;
  organisationId: string;
  organisationName: string;
  to: string;
  queuedAt: string;
  delivery: MailDelivery;
}

/** The cycle's reminder emails (managers): asked again every few seconds while any is queued. */
export const useReminders = (cycleId: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['reminders', cycleId],
    enabled: enabled && !!cycleId,
    queryFn: () =>
      offline.api
        .get<{ reminders: ReminderRow[] }>(`/api/cycles/${cycleId ?? ''}/reminders`)
        .then((r) => r.reminders),
    refetchInterval: (q) =>
      q.state.data?.some((r) => r.delivery.state === 'queued') ? 5_000 : false,
  });

export const useReport = (cycleId: string | undefined) =>
  useQuery({
    queryKey: ['report', cycleId],
    enabled: !!cycleId,
    queryFn: () => offline.api.get<ReportData>(`/api/cycles/${cycleId ?? ''}/report`),
  });

export const useFullReturn = (returnId: string) =>
  useQuery({
    queryKey: ['return', returnId],
    queryFn: () => offline.api.get<FullReturn>(`/api/returns/${returnId}`),
  });

export function useConsoleMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries();
  return {
    moderate: useMutation({
      mutationFn: ({
        returnId,
        standard,
        input,
      }: {
        returnId: string;
        standard: number;
        input: ModerationInput;
      }) =>
        offline.api.put<Moderation>(
          `/api/returns/${returnId}/moderation/${String(standard)}`,
          input,
        ),
      onSuccess: refresh,
    }),
    setStatus: useMutation({
      mutationFn: ({
        returnId,
        status,
        message,
      }: {
        returnId: string;
        status: 'returned_for_changes' | 'accepted';
        message: string;
      }) => offline.api.post<FullReturn>(`/api/returns/${returnId}/status`, { status, message }),
      onSuccess: refresh,
    }),
    openCycle: useMutation({
      mutationFn: ({ pid, input }: { pid: string; input: CycleInput }) =>
        offline.api.post<{ id: string }>(`/api/partnerships/${pid}/cycles`, input),
      onSuccess: refresh,
    }),
    addOrganisation: useMutation({
      mutationFn: ({ pid, input }: { pid: string; input: OrganisationInput }) =>
        offline.api.post<OrgRow>(`/api/partnerships/${pid}/organisations`, input),
      onSuccess: refresh,
    }),
    editOrganisation: useMutation({
      mutationFn: ({ id, input }: { id: string; input: OrganisationInput }) =>
        offline.api.put<OrgRow>(`/api/organisations/${id}`, input),
      onSuccess: refresh,
    }),
    importOrganisations: useMutation({
      mutationFn: ({ pid, csv, dryRun }: { pid: string; csv: string; dryRun: boolean }) =>
        offline.api.post<{
          saved: number;
          /** Organisations in the file. */
          total: number;
          problems: number;
          /** At most 200 rows (those with problems first); the rest are counted. */
          rows: { line: number; values: Record<string, string>; problems: string[] }[];
          unlisted: number;
          unlistedProblems: number;
        }>(`/api/partnerships/${pid}/organisations/import`, { csv, dryRun }),
      onSuccess: refresh,
    }),
    invite: useMutation({
      mutationFn: ({
        pid,
        email,
        name,
        role,
        organisationId,
      }: {
        pid: string;
        email: string;
        name: string;
        role: Role;
        organisationId: string | null;
      }) =>
        offline.api.post<InvitationSent>(`/api/partnerships/${pid}/invitations`, {
          email,
          name,
          role,
          organisationId,
        }),
    }),
    remind: useMutation({
      mutationFn: (cycleId: string) =>
        offline.api.post<RemindersQueued>(`/api/cycles/${cycleId}/reminders`),
      onSuccess: refresh,
    }),
  };
}

/** The answer to an invitation: its email's delivery; with mail disabled, the link to pass on. */
export interface InvitationSent {
  id: string;
  email: string;
  delivery: MailDelivery;
  mailDisabled: boolean;
  link?: string;
  message?: string;
}

/** The answer to "send reminders": exactly what was queued, and who has nobody to email. */
export interface RemindersQueued {
  /** Organisations that have not submitted. */
  organisations: number;
  /** Of those, organisations with at least one address (emailed). */
  reminded: number;
  /** Emails queued. */
  emails: number;
  withoutAddress: { id: string; name: string }[];
  mailDisabled: boolean;
}
