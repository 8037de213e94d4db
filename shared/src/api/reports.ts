/**
 * A cycle's roll-up (`GET /api/cycles/{id}/rollup`) and the report page's data
 * (`GET /api/cycles/{id}/report`). The shapes are the domain's own
 * (shared/src/rollup/rollup.ts, report.ts); these schemas describe them on the
 * wire, and the checks at the end fail the type-check if the two drift apart.
 */
import { z } from 'zod';
import { RagSchema, type Rag } from '../rag';
import { SectorSchema } from '../sectors';
import {
  ActionStatusSchema,
  IdSchema,
  ReturnStatusSchema,
  StandardNumberSchema,
  VariantSchema,
} from '../schemas/entities';
import type { Rollup } from '../rollup/rollup';
import type { CycleReport } from '../rollup/report';

/** One value per standard, keyed "1" to "8" in JSON. */
const perStandard = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    1: value,
    2: value,
    3: value,
    4: value,
    5: value,
    6: value,
    7: value,
    8: value,
  });

const RagCountsSchema = z.record(RagSchema, z.number().int().nonnegative());

export const DistributionSchema = z.strictObject({
  total: z.number().int().nonnegative(),
  counts: RagCountsSchema,
  /** One decimal place; they add up to exactly 100 when `total` > 0. */
  percent: z.record(RagSchema, z.number()),
});

export const RollupViewSchema = z.strictObject({
  overall: DistributionSchema,
  bySector: z.partialRecord(SectorSchema, DistributionSchema),
  byStandard: perStandard(DistributionSchema),
  /** `bySectorStandard[sector][standard]` */
  bySectorStandard: z.partialRecord(SectorSchema, perStandard(DistributionSchema)),
});

export const RollupSchema = z.strictObject({
  returns: z.number().int().nonnegative(),
  /** The organisations' own ratings. */
  self: RollupViewSchema,
  /** The partnership's rating where it moderated, the organisation's elsewhere. */
  moderated: RollupViewSchema,
  /** How many of the ratings carry a partnership (moderated) rating. */
  moderatedRatings: z.number().int().nonnegative(),
});

const RatingsSchema = z.array(RagSchema.nullable()).length(8);

export const ReportReturnRowSchema = z.strictObject({
  returnId: IdSchema,
  organisationId: IdSchema,
  organisation: z.string(),
  sector: SectorSchema,
  subType: z.string().nullable(),
  variant: VariantSchema,
  status: ReturnStatusSchema,
  updatedAt: z.string(),
  /** Standards 1 to 8, in order; null where not answered. */
  self: RatingsSchema,
  moderated: RatingsSchema,
});

export const ReportActionRowSchema = z.strictObject({
  returnId: IdSchema,
  organisation: z.string(),
  sector: SectorSchema,
  subType: z.string().nullable(),
  standard: StandardNumberSchema,
  what: z.string(),
  owner: z.string(),
  dueOn: z.string(),
  status: ActionStatusSchema,
  overdue: z.boolean(),
});

const ActionsSummarySchema = z.strictObject({
  /** Open (not done) actions. */
  openCount: z.number().int().nonnegative(),
  byStandard: perStandard(z.number().int().nonnegative()),
  bySector: z.partialRecord(SectorSchema, z.number().int().nonnegative()),
  overdue: z.number().int().nonnegative(),
});

const StandardTitleSchema = { standard: StandardNumberSchema, title: z.string() };

export const CycleReportSchema = z.strictObject({
  partnership: z.strictObject({ id: IdSchema, name: z.string() }),
  cycle: z.strictObject({ id: IdSchema, name: z.string(), opensOn: z.string(), dueOn: z.string() }),
  generatedAt: z.string(),
  rollup: RollupSchema,
  /** Invited vs returned (submitted or accepted), by sector and overall. */
  returnRates: z.array(
    z.strictObject({
      sector: z.union([SectorSchema, z.literal('all')]),
      invited: z.number().int().nonnegative(),
      returned: z.number().int().nonnegative(),
      percent: z.number(),
    }),
  ),
  statusCounts: z.record(ReturnStatusSchema, z.number().int().nonnegative()),
  earlyYears: z.strictObject({
    bySettingType: z.array(
      z.strictObject({
        subType: z.string(),
        invited: z.number().int().nonnegative(),
        returned: z.number().int().nonnegative(),
      }),
    ),
    returned: z.number().int().nonnegative(),
    withActions: z.number().int().nonnegative(),
    /** Share of returned early-years settings that identified at least one action. */
    percentWithActions: z.number(),
    /** Standards most often carrying gaps or actions in early-years returns. */
    themes: z.array(z.strictObject({ ...StandardTitleSchema, settings: z.number().int() })),
  }),
  actions: ActionsSummarySchema.extend({ open: z.array(ReportActionRowSchema) }),
  /** Standards with the lowest Green share (self-rated), weakest first. */
  areasForDevelopment: z.array(
    z.strictObject({ ...StandardTitleSchema, greenPercent: z.number() }),
  ),
  previous: z
    .strictObject({
      cycle: z.strictObject({ id: IdSchema, name: z.string() }),
      rollup: RollupSchema,
      returned: z.number().int().nonnegative(),
      invited: z.number().int().nonnegative(),
      /** Organisations invited to both this cycle and that one. */
      inBoth: z.number().int().nonnegative(),
    })
    .nullable(),
  returns: z.array(ReportReturnRowSchema),
});

// The wire shapes and the domain's types are one: each must be assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rollupMatches: Same<z.infer<typeof RollupSchema>, Rollup> = true;
const reportMatches: Same<z.infer<typeof CycleReportSchema>, CycleReport> = true;
const ragMatches: Same<z.infer<typeof RagSchema>, Rag> = true;
void [rollupMatches, reportMatches, ragMatches];
