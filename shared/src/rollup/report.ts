/**
 * The shape of a cycle's report: what the console shows and every export
 * prints. Built on the server (server/src/reports/report-data.ts), read by the
 * web console; one declaration so the two never drift apart.
 */
import type { Rag } from '../rag';
import type { ActionStatus, ReturnStatus, Variant } from '../schemas/entities';
import type { Sector } from '../sectors';
import type { StandardNumber } from '../standards/catalogue';
import type { Rollup } from './rollup';

export interface ReturnRow {
  returnId: string;
  organisationId: string;
  organisation: string;
  sector: Sector;
  subType: string | null;
  variant: Variant;
  status: ReturnStatus;
  updatedAt: string;
  self: (Rag | null)[];
  moderated: (Rag | null)[];
}

export interface ActionRow {
  returnId: string;
  organisation: string;
  sector: Sector;
  subType: string | null;
  standard: StandardNumber;
  what: string;
  owner: string;
  dueOn: string;
  status: ActionStatus;
  overdue: boolean;
}

export interface ActionsSummary {
  /** Open (not done) actions. */
  openCount: number;
  byStandard: Record<StandardNumber, number>;
  bySector: Partial<Record<Sector, number>>;
  overdue: number;
}

/**
 * Everything about a cycle except the row lists: counted by the database, so
 * it costs the same for 30 organisations as for 100,000. The exports print it
 * and stream the rows beside it.
 */
export interface CycleSummary {
  partnership: { id: string; name: string };
  cycle: { id: string; name: string; opensOn: string; dueOn: string };
  generatedAt: string;
  rollup: Rollup;
  /** Invited vs returned (submitted or accepted), by sector and overall. */
  returnRates: { sector: Sector | 'all'; invited: number; returned: number; percent: number }[];
  statusCounts: Record<ReturnStatus, number>;
  earlyYears: {
    bySettingType: { subType: string; invited: number; returned: number }[];
    returned: number;
    withActions: number;
    /** Share of returned early-years settings that identified at least one action. */
    percentWithActions: number;
    /** Standards most often carrying gaps or actions in early-years returns. */
    themes: { standard: StandardNumber; title: string; settings: number }[];
  };
  actions: ActionsSummary;
  /** Standards with the lowest Green share (self-rated), weakest first. */
  areasForDevelopment: { standard: StandardNumber; title: string; greenPercent: number }[];
  previous: {
    cycle: { id: string; name: string };
    rollup: Rollup;
    returned: number;
    invited: number;
    /** Organisations invited to both this cycle and that one. */
    inBoth: number;
  } | null;
}

/** The summary with every return and every open action (overdue first): what the console reads. */
export interface CycleReport extends Omit<CycleSummary, 'actions'> {
  actions: ActionsSummary & { open: ActionRow[] };
  returns: ReturnRow[];
}
