/**
 * Database rows to the shared wire shapes (`Return`, `StandardResponse`,
 * `Action`, `Moderation`). One home, used by pull and by the REST reads.
 */
import type { Action, Moderation, Return, StandardFields, StandardResponse } from '@s11/shared';
import type { actions, moderations, returns, standardResponses } from '../db/schema';

export function toReturn(r: typeof returns.$inferSelect): Return {
  return {
    id: r.id,
    cycleId: r.cycleId,
    organisationId: r.organisationId,
    variant: r.variant,
    status: r.status,
    catalogueVersion: r.catalogueVersion,
    signOff: r.signOff ?? null,
    carriedFromId: r.carriedFromId,
    version: r.seq,
  };
}

export function standardFieldsOf(s: typeof standardResponses.$inferSelect): StandardFields {
  return {
    currentPractice: s.currentPractice,
    evidence: s.evidence,
    gaps: s.gaps,
    checks: s.checks,
    rag: s.rag ?? null,
    ragReason: s.ragReason,
    completed: s.completed,
  };
}

export function toStandardResponse(s: typeof standardResponses.$inferSelect): StandardResponse {
  return {
    returnId: s.returnId,
    standard: s.standard,
    fields: standardFieldsOf(s),
    version: s.seq,
  };
}

export function toAction(a: typeof actions.$inferSelect): Action {
  return {
    id: a.id,
    returnId: a.returnId,
    fields: {
      standard: a.standard,
      what: a.what,
      owner: a.owner,
      dueOn: a.dueOn,
      status: a.status,
    },
    deleted: a.deleted,
    version: a.seq,
  };
}

export function toModeration(
  m: typeof moderations.$inferSelect,
  moderatorName: string,
): Moderation {
  return {
    returnId: m.returnId,
    standard: m.standard,
    rag: m.rag,
    comment: m.comment,
    moderatedBy: moderatorName,
    moderatedAt: m.moderatedAt.toISOString(),
    version: m.seq,
  };
}
