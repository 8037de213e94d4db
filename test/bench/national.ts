/**
 * A national-scale partnership in PostgreSQL for figures 5, 6, 7 and the
 * soak: cycles of 1,000 to 100,000 organisations, each with a returned audit
 * of 8 rated standards, some moderations and some open actions. Seeded with
 * set-based SQL (generate_series), because inserting 800,000 rows one by one
 * would take longer than the benchmarks themselves; the shapes are exactly
 * what the application writes (same tables, same migrations).
 */
import pg from 'pg';
import { CATALOGUE_VERSION, SECTOR_CODES } from '@s11/shared';
import { openPostgres, type Database } from '@s11/server';
import { benchApp } from './bench-app';
import {
  TEST_PASSWORD,
  createPartnership,
  createUser,
  passSecondFactorWith,
  type PostgresServer,
  type SecondFactorHelperState,
} from '@s11/server/testing';

export interface NationalDb {
  url: string;
  database: Database;
  app: ReturnType<typeof benchApp>;
  sql: pg.Client;
  partnershipId: string;
  manager: { id: string; email: string };
  password: string;
  close(): Promise<void>;
}

export async function openNationalDb(server: PostgresServer, name: string): Promise<NationalDb> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  const database = await openPostgres(url);
  const p = await createPartnership(database.db, { name: 'National bench partnership' });
  const manager = await createUser(
    database.db,
    [{ role: 'partnership_manager', partnershipId: p.id }],
    { email: `manager@${name}.example` },
  );
  const app = benchApp(database);
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  return {
    url,
    database,
    app,
    sql,
    partnershipId: p.id,
    manager,
    password: TEST_PASSWORD,
    async close() {
      await sql.end();
      await database.close();
    },
  };
}

/**
 * One cycle with `orgs` organisations, every one with a returned audit (a
 * fifth accepted), self-ratings spread 70% Green / 15% Amber / 10% Red / 5%
 * not rated, 5% of ratings moderated, and an open action for every fourth
 * return. Deterministic (hashes, not random()), so figures are repeatable.
 */
export async function seedCycle(n: NationalDb, label: string, orgs: number): Promise<string> {
  const cycleId = crypto.randomUUID();
  const q = n.sql;
  await q.query('begin');
  await q.query(
    `insert into cycles (id, partnership_id, name, opens_on, due_on, catalogue_version)
     values ($1, $2, $3, '2026-10-01', '2027-01-31', $4)`,
    [cycleId, n.partnershipId, `National ${label}`, CATALOGUE_VERSION],
  );
  const seq = Number(
    (await q.query<{ v: string }>(`select nextval('change_seq') as v`)).rows[0]?.v,
  );
  const args = [label, orgs];
  await q.query(
    `insert into organisations (id, name, sector, usual_variant)
     select md5($1 || '/org/' || g)::uuid, 'Organisation ' || $1 || '-' || lpad(g::text, 6, '0'),
            ($3::text[])[1 + g % cardinality($3::text[])], 'full'
       from generate_series(1, $2::int) g`,
    [...args, [...SECTOR_CODES]],
  );
  await q.query(
    `insert into organisation_partnerships (organisation_id, partnership_id)
     select md5($1 || '/org/' || g)::uuid, $3 from generate_series(1, $2::int) g`,
    [...args, n.partnershipId],
  );
  await q.query(
    `insert into returns (id, cycle_id, organisation_id, variant, status, catalogue_version, seq)
     select md5($1 || '/ret/' || g)::uuid, $3, md5($1 || '/org/' || g)::uuid, 'full',
            case when g % 5 = 0 then 'accepted' else 'submitted' end, $4, $5
       from generate_series(1, $2::int) g`,
    [...args, cycleId, CATALOGUE_VERSION, seq],
  );
  await q.query(
    `insert into standard_responses (return_id, standard, current_practice, evidence, rag, completed, seq)
     select md5($1 || '/ret/' || g)::uuid, s, 'We have a named lead and a written policy.', 'Policy v3',
            case when h < 14 then 'green' when h < 17 then 'amber' when h < 19 then 'red' else null end,
            true, $3
       from generate_series(1, $2::int) g
      cross join generate_series(1, 8) s
      cross join lateral (select abs(hashtext($1 || g || '/' || s)) % 20 as h) x`,
    [...args, seq],
  );
  await q.query(
    `insert into moderations (return_id, standard, rag, comment, moderated_by, seq)
     select md5($1 || '/ret/' || g)::uuid, s, 'amber', 'Evidence thin', $3, $4
       from generate_series(1, $2::int) g
      cross join generate_series(1, 8) s
      where abs(hashtext('m' || $1 || g || '/' || s)) % 20 = 0`,
    [...args, n.manager.id, seq],
  );
  await q.query(
    `insert into actions (id, return_id, standard, what, owner, due_on, status, seq)
     select md5($1 || '/act/' || g)::uuid, md5($1 || '/ret/' || g)::uuid, 1 + g % 8,
            'Refresh safeguarding training for new starters', 'DSL',
            case when g % 3 = 0 then '2026-01-31' else '2027-06-30' end, 'in_progress', $3
       from generate_series(4, $2::int, 4) g`,
    [...args, seq],
  );
  await q.query('commit');
  await q.query('analyze');
  return cycleId;
}

/** What the bench enrolled (the managers' authenticator secrets), for this process. */
const secondFactorState: SecondFactorHelperState = { enrolments: new Map() };

/**
 * Signs in over the app and returns the session cookie. Partnership managers
 * then set up or enter a real TOTP code (the test helper, waiting for a new
 * 30-second step when a code was just used).
 */
export async function signIn(
  request: (path: string, init?: RequestInit) => Promise<Response>,
  email: string,
  password = TEST_PASSWORD,
): Promise<string> {
  const res = await request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  let cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const owed =
    res.status === 401
      ? ((await res.json()) as { secondFactor?: 'setup' | 'verify' }).secondFactor
      : undefined;
  if (owed) {
    const post = async <T>(path: string, body: unknown = {}) => {
      const r = await request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      });
      const set = r.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0] ?? '';
      return { status: r.status, body: (await r.json()) as T };
    };
    await passSecondFactorWith(post, secondFactorState, email, owed);
    return cookie;
  }
  if (!res.ok) throw new Error(`Sign-in failed for ${email}: ${String(res.status)}`);
  return cookie;
}
