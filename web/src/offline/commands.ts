/**
 * Named commands: everything the screens ask the server for, by name
 * (Actual Budget's `send(name, args)`). Each wraps one typed client call, so
 * its arguments and answer are the route's own types, from the server's
 * `AppType` through `hc` (decision 016); features never see the client, a
 * URL or a hand-written response type.
 *
 * @example
 *   const { cycles } = await send('cycles.list', { pid });
 *   type CycleRow = CommandResult<'cycles.list'>['cycles'][number];
 */
import type { InferRequestType } from 'hono/client';
import type { AuditQuery } from '@s11/shared';
import type { Api } from './api';

/** A route's JSON body, as its validator reads it: request shapes come from the server too. */
type JsonOf<F> = InferRequestType<F> extends { json: infer J } ? J : never;

/** The audit log's filters as the query string carries them (empty ones left out). */
function auditQuery(q: Partial<AuditQuery>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') out[k] = String(v);
  return out;
}

export type ExportFile =
  'report.pdf' | 'workbook.xlsx' | 'summary.csv' | 'returns.csv' | 'actions.csv';

export function createCommands(api: Api) {
  const c = api.client;
  return {
    // ------------------------------------------------------------- service
    'service.info': () => api.call(c.service.$get()),

    // ------------------------------------------------------------ accounts
    'sso.status': () => api.call(c.auth.oidc.$get()),
    'invitations.check': ({ token }: { token: string }) =>
      api.call(c.auth.invitations[':token'].$get({ param: { token } })),
    'invitations.claim': ({ token }: { token: string }) =>
      api.call(c.auth.invitations.claim.$post({ json: { token } })),
    'invitations.accept': (json: JsonOf<typeof c.auth.invitations.accept.$post>) =>
      api.call(c.auth.invitations.accept.$post({ json })),
    'password.forgotten': ({ email }: { email: string }) =>
      api.call(c.auth.password.forgotten.$post({ json: { email } })),
    'password.checkReset': ({ token }: { token: string }) =>
      api.call(c.auth.password.reset[':token'].$get({ param: { token } })),
    'password.reset': (json: JsonOf<typeof c.auth.password.reset.$post>) =>
      api.call(c.auth.password.reset.$post({ json })),
    'password.change': (json: JsonOf<typeof c.auth.password.change.$post>) =>
      api.call(c.auth.password.change.$post({ json })),

    // --------------------------------------------------------------- returns
    'returns.carryForward': ({ returnId }: { returnId: string }) =>
      api.call(c.returns[':id']['carry-forward'].$post({ param: { id: returnId } })),
    'returns.get': ({ returnId }: { returnId: string }) =>
      api.call(c.returns[':id'].$get({ param: { id: returnId } })),
    'returns.setStatus': ({
      returnId,
      ...json
    }: { returnId: string } & JsonOf<(typeof c.returns)[':id']['status']['$post']>) =>
      api.call(c.returns[':id'].status.$post({ param: { id: returnId }, json })),
    'returns.moderate': ({
      returnId,
      standard,
      input,
    }: {
      returnId: string;
      standard: number;
      input: JsonOf<(typeof c.returns)[':id']['moderation'][':standard']['$put']>;
    }) =>
      api.call(
        c.returns[':id'].moderation[':standard'].$put({
          param: { id: returnId, standard: String(standard) },
          json: input,
        }),
      ),

    // -------------------------------------------------------------- cycles
    'cycles.list': ({ pid }: { pid: string }) =>
      api.call(c.partnerships[':pid'].cycles.$get({ param: { pid } })),
    'cycles.open': ({
      pid,
      input,
    }: {
      pid: string;
      input: JsonOf<(typeof c.partnerships)[':pid']['cycles']['$post']>;
    }) => api.call(c.partnerships[':pid'].cycles.$post({ param: { pid }, json: input })),
    'cycles.tracker': ({ cycleId }: { cycleId: string }) =>
      api.call(c.cycles[':id'].returns.$get({ param: { id: cycleId } })),
    'cycles.report': ({ cycleId }: { cycleId: string }) =>
      api.call(c.cycles[':id'].report.$get({ param: { id: cycleId } })),
    'reminders.list': ({ cycleId }: { cycleId: string }) =>
      api.call(c.cycles[':id'].reminders.$get({ param: { id: cycleId } })),
    'reminders.send': ({ cycleId }: { cycleId: string }) =>
      api.call(c.cycles[':id'].reminders.$post({ param: { id: cycleId } })),
    /** A cycle's export, with bytes received reported as they arrive (exports can be large). */
    'cycles.export': ({
      cycleId,
      file,
      onProgress,
    }: {
      cycleId: string;
      file: ExportFile;
      onProgress: (bytes: number) => void;
    }) => {
      const url = c.cycles[':id'].export[':file'].$url({ param: { id: cycleId, file } });
      return api.download(url.pathname + url.search, onProgress);
    },

    // -------------------------------------------------------- organisations
    'organisations.list': ({ pid }: { pid: string }) =>
      api.call(c.partnerships[':pid'].organisations.$get({ param: { pid } })),
    'organisations.add': ({
      pid,
      input,
    }: {
      pid: string;
      input: JsonOf<(typeof c.partnerships)[':pid']['organisations']['$post']>;
    }) => api.call(c.partnerships[':pid'].organisations.$post({ param: { pid }, json: input })),
    'organisations.edit': ({
      id,
      input,
    }: {
      id: string;
      input: JsonOf<(typeof c.organisations)[':id']['$put']>;
    }) => api.call(c.organisations[':id'].$put({ param: { id }, json: input })),
    'organisations.import': ({ pid, csv, dryRun }: { pid: string; csv: string; dryRun: boolean }) =>
      api.call(
        c.partnerships[':pid'].organisations.import.$post({
          param: { pid },
          json: { csv, dryRun },
        }),
      ),
    'organisations.people': ({ organisationId }: { organisationId: string }) =>
      api.call(c.organisations[':id'].people.$get({ param: { id: organisationId } })),

    // ------------------------------------------------- people and invitations
    'people.list': ({ pid }: { pid: string }) =>
      api.call(c.partnerships[':pid'].users.$get({ param: { pid } })),
    'people.get': ({ pid, uid }: { pid: string; uid: string }) =>
      api.call(c.partnerships[':pid'].users[':uid'].$get({ param: { pid, uid } })),
    'people.changeRole': ({
      pid,
      uid,
      mid,
      role,
    }: {
      pid: string;
      uid: string;
      mid: string;
      role: JsonOf<
        (typeof c.partnerships)[':pid']['users'][':uid']['memberships'][':mid']['$put']
      >['role'];
    }) =>
      api.call(
        c.partnerships[':pid'].users[':uid'].memberships[':mid'].$put({
          param: { pid, uid, mid },
          json: { role },
        }),
      ),
    'people.setDisabled': ({
      pid,
      uid,
      disabled,
    }: {
      pid: string;
      uid: string;
      disabled: boolean;
    }) => {
      const user = c.partnerships[':pid'].users[':uid'];
      return api.call((disabled ? user.disable : user.enable).$post({ param: { pid, uid } }));
    },
    'invitations.list': ({ pid }: { pid: string }) =>
      api.call(c.partnerships[':pid'].invitations.$get({ param: { pid } })),
    'invitations.send': ({
      pid,
      ...json
    }: { pid: string } & JsonOf<(typeof c.partnerships)[':pid']['invitations']['$post']>) =>
      api.call(c.partnerships[':pid'].invitations.$post({ param: { pid }, json })),
    'invitations.resend': ({ pid, iid }: { pid: string; iid: string }) =>
      api.call(c.partnerships[':pid'].invitations[':iid'].resend.$post({ param: { pid, iid } })),
    'invitations.revoke': ({ pid, iid }: { pid: string; iid: string }) =>
      api.call(c.partnerships[':pid'].invitations[':iid'].revoke.$post({ param: { pid, iid } })),
    'audit.page': ({ pid, query }: { pid: string; query: Partial<AuditQuery> }) =>
      api.call(c.partnerships[':pid'].audit.$get({ param: { pid }, query: auditQuery(query) })),
    /** The audit log's CSV for the same filters. */
    'audit.export': ({
      pid,
      query,
      onProgress,
    }: {
      pid: string;
      query: Partial<AuditQuery>;
      onProgress: (bytes: number) => void;
    }) => {
      const url = c.partnerships[':pid'].audit['export.csv'].$url({
        param: { pid },
        query: auditQuery(query),
      });
      return api.download(url.pathname + url.search, onProgress);
    },
  };
}

export type Commands = ReturnType<typeof createCommands>;
export type CommandName = keyof Commands;
/** What a command resolves to: the route's success body, typed by the server. */
export type CommandResult<K extends CommandName> = Awaited<ReturnType<Commands[K]>>;
export type CommandArgs<K extends CommandName> = Parameters<Commands[K]>;
