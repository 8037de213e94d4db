/**
 * @s11/shared: the Section 11 domain. Both the server and the web app import
 * it; it imports only zod and does no I/O.
 *
 * Where things live:
 * - standards/catalogue: the 8 standards, full prompts, light checks, RAG guides
 * - rag: the RAG scale
 * - sectors: the sector and sub-type taxonomy
 * - schemas/entities: zod schemas for every entity
 * - sync/protocol: push / pull messages
 * - api/*: request and response schemas of each HTTP resource
 * - returns/fields: field paths (`checks.<id>`), patches and field labels
 * - returns/lifecycle: what may happen to a return in each status
 * - completeness, suggested-rag, rollup/*: pure functions
 */
export * from './dates';
export * from './limits';
export * from './rag';
export * from './sectors';
export * from './standards/catalogue';
export * from './schemas/entities';
export * from './schemas/text';
export * from './schemas/mail';
export * from './sync/protocol';
export * from './api';
export * from './returns/fields';
export * from './returns/lifecycle';
export * from './suggested-rag';
export * from './completeness';
export * from './rollup/rounding';
export * from './rollup/rollup';
export type * from './rollup/report';
