/**
 * Partnerships and their organisations: a partnership's details
 * (`/api/partnerships/{pid}`), its directory (list, add one, import a CSV
 * file) and one organisation (`/api/organisations/{id}`). The web's
 * organisation form validates with `OrganisationInputSchema` (entities.ts).
 */
import { z } from 'zod';
import { OrganisationSchema } from '../schemas/entities';

/** An organisation in a partnership's directory, or as just added or edited. */
export const OrganisationEntrySchema = OrganisationSchema.omit({ partnershipIds: true });
export type OrganisationEntry = z.infer<typeof OrganisationEntrySchema>;

export const OrganisationListSchema = z.strictObject({
  organisations: z.array(OrganisationEntrySchema),
});

/** CSV imports (docs/limits.md): a partnership's directory is a few thousand organisations. */
export const IMPORT_LIMITS = {
  /** Organisations (non-blank rows after the header) in one file. */
  rows: 5_000,
  /** The file's size in UTF-8 bytes. */
  bytes: 1024 * 1024,
  /** Rows listed in a preview (and problems in a refusal); the rest are counted. */
  listedRows: 200,
  /** Characters of a cell echoed back in a preview or a message. */
  echoedChars: 200,
} as const;

const TOO_BIG = `The file is larger than ${String(IMPORT_LIMITS.bytes / 1024 / 1024)} MB. Split it into smaller files.`;
const utf8 = new TextEncoder();

export const ImportSchema = z.strictObject({
  csv: z
    .string()
    .max(IMPORT_LIMITS.bytes, { message: TOO_BIG })
    .refine((s) => utf8.encode(s).length <= IMPORT_LIMITS.bytes, { message: TOO_BIG }),
  /** Preview only: check every row and save nothing. */
  dryRun: z.boolean().default(true),
});
export type ImportInput = z.input<typeof ImportSchema>;

/** A row of the file as a preview lists it: its cells (cut short) and what is wrong with it. */
export const ImportRowSchema = z.strictObject({
  /** The file's line number (the header is line 1). */
  line: z.number().int().positive(),
  /** By column name (Name, Sector, Type, Form, Contact name, Contact email). */
  values: z.record(z.string(), z.string()),
  problems: z.array(z.string()),
});

/** A preview (`saved` 0), or what an import saved. */
export const ImportResultSchema = z.strictObject({
  saved: z.number().int().nonnegative(),
  /** Organisations in the file. */
  total: z.number().int().nonnegative(),
  /** Rows with a problem (listed or not). */
  problems: z.number().int().nonnegative(),
  rows: z.array(ImportRowSchema),
  /** Rows not listed (a large file lists its problems first, up to IMPORT_LIMITS.listedRows). */
  unlisted: z.number().int().nonnegative(),
  unlistedProblems: z.number().int().nonnegative(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
