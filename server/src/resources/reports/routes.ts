/**
 * A cycle's reports: the roll-up, the report page's data and the exports
 * (CSV, workbook, PDF). What they contain: server/src/reports/.
 */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { CycleReportSchema, IdSchema, RollupSchema } from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { audit } from '../../audit';
import { limitWork } from '../../auth/rate-limit';
import { MEDIA, describe, file, json } from '../../http/openapi-route';
import { pathParams } from '../../http/validate';
import { actionsCsv, returnsCsv, summaryCsv } from '../../reports/csv';
import { pdfStream } from '../../reports/pdf';
import {
  buildCycleReport,
  buildCycleSummary,
  openActionPages,
  returnRowPages,
} from '../../reports/report-data';
import { rollupForCycle } from '../../reports/rollup-query';
import { workbookStream } from '../../reports/workbook';
import { cycleFor } from '../cycles/load';

const IdParam = z.object({ id: IdSchema });
const ExportParam = z.object({
  id: IdSchema,
  file: z.enum(['summary.csv', 'returns.csv', 'actions.csv', 'workbook.xlsx', 'report.pdf']),
});

/** One answer, three media types: which one follows the file asked for. */
const EXPORT = {
  ...file(MEDIA.csv, 'The file, as an attachment'),
  content: {
    ...file(MEDIA.csv, '').content,
    ...file(MEDIA.xlsx, '').content,
    ...file(MEDIA.pdf, '').content,
  },
};

/** A response body must be bytes, not strings. */
async function* utf8(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}

const safeName = (s: string) =>
  s
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'cycle';

export function reportRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/cycles/:id/rollup',
      describe({
        operationId: 'getCycleRollup',
        summary: "A cycle's roll-up: ratings by sector and standard, self-rated and moderated",
        tags: ['report'],
        responses: {
          200: json(RollupSchema, 'Counts and percentages of every view'),
          429: 'Too many reports this minute for this user (Retry-After)',
        },
      }),
      pathParams(IdParam),
      async (c) => {
        const { id } = c.req.valid('param');
        await cycleFor(c, id, 'view');
        await limitWork(c, 'reports');
        return c.json(await rollupForCycle(c.get('deps').database.db, id));
      },
    )
    .get(
      '/cycles/:id/report',
      describe({
        operationId: 'getCycleReport',
        summary:
          "A cycle's report: roll-ups, return rates, early years, actions, previous cycle, every return",
        tags: ['report'],
        responses: {
          200: json(CycleReportSchema, "The report page's data"),
          429: 'Too many reports this minute for this user (Retry-After)',
        },
      }),
      pathParams(IdParam),
      async (c) => {
        const { id } = c.req.valid('param');
        await cycleFor(c, id, 'view');
        await limitWork(c, 'reports');
        return c.json(await buildCycleReport(c.get('deps').database.db, id, c.get('deps').now()));
      },
    )
    .get(
      '/cycles/:id/export/:file',
      describe({
        operationId: 'exportCycle',
        summary: 'Export: summary.csv, returns.csv, actions.csv, workbook.xlsx or report.pdf',
        description:
          'The media type follows the file asked for: CSV (UTF-8), an Excel workbook or a PDF.',
        tags: ['report'],
        responses: { 200: EXPORT, 429: 'Too many exports this minute for this user (Retry-After)' },
      }),
      pathParams(ExportParam),
      async (c) => {
        const { id, file } = c.req.valid('param');
        const cycle = await cycleFor(c, id, 'view');
        const db = c.get('deps').database.db;
        const now = c.get('deps').now();
        await limitWork(c, 'exports');
        const summary = await buildCycleSummary(db, id, now);
        await audit(c, {
          action: 'export',
          entity: 'cycle',
          entityId: id,
          partnershipId: cycle.partnershipId,
          detail: { format: file },
        });
        const name = `${safeName(cycle.name)}-${file}`;
        c.header('Content-Disposition', `attachment; filename="${name}"`);
        if (file.endsWith('.csv')) {
          const csv = { 'Content-Type': `${MEDIA.csv}; charset=utf-8` };
          if (file === 'summary.csv') return c.body(summaryCsv(summary), 200, csv);
          const lines =
            file === 'returns.csv'
              ? returnsCsv(returnRowPages(db, id))
              : actionsCsv(openActionPages(db, id, now));
          return c.body(Readable.toWeb(Readable.from(utf8(lines))) as ReadableStream, 200, csv);
        }
        const stream =
          file === 'workbook.xlsx'
            ? workbookStream(db, summary, openActionPages(db, id, now))
            : pdfStream(summary);
        const type = file === 'workbook.xlsx' ? MEDIA.xlsx : MEDIA.pdf;
        return c.body(Readable.toWeb(stream) as ReadableStream, 200, { 'Content-Type': type });
      },
    );
}
