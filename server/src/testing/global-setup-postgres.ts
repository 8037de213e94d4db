/**
 * Vitest global setup for the PostgreSQL project: start one server, migrate a
 * template database once, and let each test file clone it (CREATE DATABASE
 * ... TEMPLATE is much faster than migrating again).
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openPostgres } from '../db/client';
import { startPostgres } from './postgres-server';

import './provided-context';

export const TEMPLATE_DB = 's11_template';

export default async function setup(project: TestProject) {
  const server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = server.url.replace(/\/postgres$/, `/${TEMPLATE_DB}`);
  const db = await openPostgres(templateUrl, true, 1);
  await db.close();
  project.provide('pgUrl', server.url);
  return () => server.stop();
}
