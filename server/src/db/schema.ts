/**
 * The database schema: one set of tables (and drizzle-kit migrations) for both
 * PGlite and PostgreSQL.
 *
 * Sync invariant: every row a device can pull carries `seq`, a value of the
 * one `change_seq` sequence taken while holding the write lock (see
 * sync/write-lock.ts), so commit order equals `seq` order and a pull cursor
 * never skips a row. `field_versions` records, per field, the `seq` at which
 * that field last changed: this is what per-field merge compares.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ACTION_STATUSES,
  RAG_VALUES,
  RETURN_STATUSES,
  ROLES,
  SECTOR_CODES,
  SUB_TYPE_CODES,
  VARIANTS,
  type CheckResponse,
  type SignOff,
  type StandardNumber,
} from '@s11/shared';

export const changeSeq = pgSequence('change_seq', { startWith: 1 });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const seq = () => bigint('seq', { mode: 'number' }).notNull();
/**
 * Columns holding a shared enum are typed with it (`text` with `enum`: a
 * TypeScript type only, no migration): rows read from the database need no
 * casts. Values are written only through the shared zod schemas.
 */
const standard = () => smallint('standard').$type<StandardNumber>().notNull();

export const partnerships = pgTable('partnerships', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  createdAt: createdAt(),
});

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    sector: text('sector', { enum: SECTOR_CODES }).notNull(),
    subType: text('sub_type', { enum: SUB_TYPE_CODES }),
    usualVariant: text('usual_variant', { enum: VARIANTS }).notNull(),
    contactName: text('contact_name').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    createdAt: createdAt(),
  },
  // Reports list returns by organisation name, a page at a time (reports/report-data.ts).
  (t) => [index('organisations_name_idx').on(t.name, t.id)],
);

export const organisationPartnerships = pgTable(
  'organisation_partnerships',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.partnershipId] }),
    index('op_partnership_idx').on(t.partnershipId),
  ],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  /** argon2id; null until the invitee sets a password. */
  passwordHash: text('password_hash'),
  disabled: boolean('disabled').notNull().default(false),
  /** When a manager last disabled the account (kept after re-enabling, for the record). */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  /** Set when a full session starts (password and any second factor, SSO, invitation). */
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ROLES }).notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    partnershipId: uuid('partnership_id').references(() => partnerships.id),
  },
  (t) => [index('memberships_user_idx').on(t.userId)],
);

/** Server-side sessions. Only a SHA-256 of the cookie's token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /**
     * The password was right but the second factor is still to come: such a
     * session reaches only the second-factor routes (auth/second-factor.ts).
     */
    pendingSecondFactor: boolean('pending_second_factor').notNull().default(false),
    /** How the person signed in: `password`, `password+totp`, `password+recovery`, `oidc`... */
    method: text('method').notNull().default('password'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * A person's authenticator app (TOTP, RFC 6238). Unconfirmed until they have
 * entered one code from it. `last_time_step` refuses a code used before.
 */
export const totpCredentials = pgTable('totp_credentials', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** Base32. Needed in the clear to check codes; see ADR 009. */
  secret: text('secret').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  lastTimeStep: bigint('last_time_step', { mode: 'number' }),
  createdAt: createdAt(),
});

/**
 * An identity at an OpenID Connect provider linked to an account (single
 * sign-on, routes/sso.ts): the provider's issuer and its stable subject id.
 */
export const identities = pgTable(
  'identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The verified email it was linked by, for the record. */
    email: text('email').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.issuer, t.subject] }),
    index('identities_user_idx').on(t.userId),
  ],
);

/**
 * A single sign-on in progress: the PKCE verifier and nonce stay here; the
 * browser holds only the state (in a cookie and the provider's redirect).
 */
export const ssoAttempts = pgTable('sso_attempts', {
  stateHash: text('state_hash').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Single-use recovery codes; only a SHA-256 of each is stored. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('recovery_codes_user_code_idx').on(t.userId, t.codeHash)],
);

/**
 * Rate limits (sign-in, password reset, expensive work): one row per key with
 * its fixed window's start and count, updated by one upsert per attempt
 * (auth/rate-limit.ts); shared by every server instance.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
});

/**
 * Invitations (see docs/decisions/008-invitation-and-reset-tokens.md). Only the
 * token's hash is stored. A pending invitation has none of accepted, revoked;
 * `invitedBy` is null for the first manager made by `pnpm admin`.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    role: text('role', { enum: ROLES }).notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** 'revoked' by a manager, or 'replaced' by a newer invitation to the same person. */
    revokedReason: text('revoked_reason'),
    /** Whether the email went to an existing account ("you have been given access"). */
    existingAccount: boolean('existing_account').notNull().default(false),
  },
  (t) => [index('invitations_partnership_idx').on(t.partnershipId, t.email)],
);

/** Password reset links: single use, short-lived; only the token's hash is stored. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/**
 * Outgoing mail, written in the request's transaction and delivered by the
 * mail worker (mail/worker.ts) with retries and back-off; see
 * docs/decisions/011-mail-outbox.md. `subjectId` ties a message to what it is
 * about (an invitation, a return) so managers can see its delivery state. The
 * body (which may hold a link with a token) is emptied once the message is
 * sent or given up.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey(),
    partnershipId: uuid('partnership_id').references(() => partnerships.id),
    kind: text('kind').notNull(),
    subjectId: text('subject_id').notNull().default(''),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** queued, sending, sent, failed (gave up), disabled (mail is off) */
    status: text('status').notNull().default('queued'),
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** A short reason for the last failure (an SMTP code or a connection error), never content. */
    lastError: text('last_error').notNull().default(''),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_outbox_subject_idx').on(t.subjectId),
  ],
);

/** The development mailbox: email that would have been sent when SMTP is not configured. */
export const mailbox = pgTable('mailbox', {
  id: uuid('id').primaryKey(),
  partnershipId: uuid('partnership_id').references(() => partnerships.id),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
});

export const cycles = pgTable(
  'cycles',
  {
    id: uuid('id').primaryKey(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    opensOn: date('opens_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    catalogueVersion: text('catalogue_version').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('cycles_partnership_idx').on(t.partnershipId)],
);

export const returns = pgTable(
  'returns',
  {
    id: uuid('id').primaryKey(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    variant: text('variant', { enum: VARIANTS }).notNull(),
    status: text('status', { enum: RETURN_STATUSES }).notNull(),
    catalogueVersion: text('catalogue_version').notNull(),
    signOff: jsonb('sign_off').$type<SignOff | null>(),
    statusMessage: text('status_message').notNull().default(''),
    carriedFromId: uuid('carried_from_id'),
    seq: seq(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('returns_cycle_org_idx').on(t.cycleId, t.organisationId),
    index('returns_org_seq_idx').on(t.organisationId, t.seq),
  ],
);

export const standardResponses = pgTable(
  'standard_responses',
  {
    returnId: uuid('return_id')
      .notNull()
      .references(() => returns.id),
    standard: standard(),
    currentPractice: text('current_practice').notNull().default(''),
    evidence: text('evidence').notNull().default(''),
    gaps: text('gaps').notNull().default(''),
    checks: jsonb('checks')
      .$type<Record<string, CheckResponse>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    rag: text('rag', { enum: RAG_VALUES }),
    ragReason: text('rag_reason').notNull().default(''),
    completed: boolean('completed').notNull().default(false),
    fieldVersions: jsonb('field_versions')
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Field -> the device that last wrote it (see sync/merge.ts). */
    fieldWriters: jsonb('field_writers')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    seq: seq(),
  },
  (t) => [
    primaryKey({ columns: [t.returnId, t.standard] }),
    index('standard_responses_seq_idx').on(t.seq),
  ],
);

export const actions = pgTable(
  'actions',
  {
    id: uuid('id').primaryKey(),
    returnId: uuid('return_id')
      .notNull()
      .references(() => returns.id),
    standard: standard(),
    what: text('what').notNull().default(''),
    owner: text('owner').notNull().default(''),
    dueOn: text('due_on').notNull().default(''),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('not_started'),
    deleted: boolean('deleted').notNull().default(false),
    fieldVersions: jsonb('field_versions')
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Field -> the device that last wrote it (see sync/merge.ts). */
    fieldWriters: jsonb('field_writers')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    seq: seq(),
  },
  (t) => [index('actions_return_idx').on(t.returnId), index('actions_seq_idx').on(t.seq)],
);

export const moderations = pgTable(
  'moderations',
  {
    returnId: uuid('return_id')
      .notNull()
      .references(() => returns.id),
    standard: standard(),
    rag: text('rag', { enum: RAG_VALUES }).notNull(),
    comment: text('comment').notNull().default(''),
    moderatedBy: uuid('moderated_by')
      .notNull()
      .references(() => users.id),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }).notNull().defaultNow(),
    seq: seq(),
  },
  (t) => [
    primaryKey({ columns: [t.returnId, t.standard] }),
    index('moderations_seq_idx').on(t.seq),
  ],
);

/**
 * Idempotency: the first answer to each client mutation id. The primary key
 * is what stops a duplicate (even a concurrent one) from applying twice.
 */
export const appliedMutations = pgTable('applied_mutations', {
  mutationId: uuid('mutation_id').primaryKey(),
  userId: uuid('user_id').notNull(),
  payloadHash: text('payload_hash').notNull(),
  result: jsonb('result').notNull(),
  createdAt: createdAt(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorEmail: text('actor_email').notNull().default(''),
    partnershipId: uuid('partnership_id'),
    organisationId: uuid('organisation_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull().default(''),
    entityId: text('entity_id').notNull().default(''),
    /** Which fields changed, never their content. */
    detail: jsonb('detail')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    ip: text('ip').notNull().default(''),
  },
  (t) => [index('audit_partnership_idx').on(t.partnershipId, t.id)],
);
