/**
 * Reviewer sessions outlive a restart (issue 18 item 12), over real HTTP, on SQLite and on
 * Postgres (skipped with a message when no local Postgres answers): a reviewer signed in on one
 * gateway is still signed in on a new gateway opened on the same store, sign-out holds across
 * restarts, the store keeps only the sha256 of the cookie, an expired session is refused and
 * deleted, and a store that cannot be read refuses the page (503) instead of letting anyone in.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { openAuditStore, type OpenedAuditStore } from '../../src/audit/stores/open-store.js';
import { openPostgresAuditStore } from '../../src/audit/stores/postgres/postgres-store.js';
import {
  dropSchema,
  freshSchema,
  postgresSkipReason,
  rawClient,
  TEST_POSTGRES_URL,
} from '../../src/audit/stores/postgres/postgres-test-helpers.js';
import { createReviewer } from '../../src/review/reviewers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const dir = mkdtempSync(join(tmpdir(), 'parapet-sessions-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
const pgSkip = await postgresSkipReason();
if (pgSkip !== undefined) process.stdout.write(`${pgSkip}\n`);

/** One store kind: how to open it again, and a raw connection behind the gateway's back. */
interface Backing {
  readonly open: () => Promise<OpenedAuditStore>;
  readonly rows: (sql: string) => Promise<Record<string, unknown>[]>;
  readonly exec: (sql: string) => Promise<void>;
  readonly close: () => Promise<void>;
}

function sqliteBacking(): Backing {
  const path = join(dir, `audit-${Math.random().toString(36).slice(2)}.sqlite`);
  let raw: Sqlite.Database | undefined;
  const db = () => (raw ??= new Sqlite(path));
  return {
    open: () => openAuditStore(`sqlite:${path}`),
    rows: (sql) => Promise.resolve(db().prepare(sql).all() as Record<string, unknown>[]),
    exec: (sql) => Promise.resolve(void db().exec(sql)),
    close: () => Promise.resolve(void raw?.close()),
  };
}

async function postgresBacking(): Promise<Backing> {
  const schema = freshSchema();
  let raw: Awaited<ReturnType<typeof rawClient>> | undefined;
  const client = async () => (raw ??= await rawClient(schema));
  return {
    open: () => openPostgresAuditStore(TEST_POSTGRES_URL, { schema }),
    rows: async (sql) => (await (await client()).query<Record<string, unknown>>(sql)).rows,
    exec: async (sql) => {
      await (await client()).query(sql);
    },
    close: async () => {
      await raw?.end();
      await dropSchema(schema);
    },
  };
}

const COOKIE = 'parapet_review';
const cookieIn = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => new RegExp(`^${COOKIE}=([^;]+)`).exec(c)?.[1])
    .find((v) => v !== undefined);
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function get(gw: TestGateway, path: string, cookie?: string) {
  const res = await fetch(`${gw.url}${path}`, {
    redirect: 'manual',
    headers: cookie === undefined ? {} : { cookie },
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

async function post(gw: TestGateway, path: string, form: Record<string, string>, cookie: string) {
  return fetch(`${gw.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** Signs in through the login form; returns the session cookie header (or the failed reply). */
async function signIn(gw: TestGateway, token: string) {
  const form = await fetch(`${gw.url}/review/login`);
  const loginCsrf = /parapet_login_csrf=([^;]+)/.exec(form.headers.getSetCookie().join('\n'))?.[1];
  const res = await post(
    gw,
    '/review/login',
    { _csrf: csrfIn(await form.text()), token },
    `parapet_login_csrf=${loginCsrf ?? ''}`,
  );
  const value = cookieIn(res);
  return { res, value, cookie: `${COOKIE}=${value ?? ''}` };
}

function sessionCases(name: string, skip: string | undefined, backing: () => Promise<Backing>) {
  void describe(`${name}: reviewer sessions in the audit store`, { skip }, () => {
    let store: Backing;
    let gw: TestGateway | undefined;
    const reviewersFile = join(dir, `reviewers-${name}.json`);
    let token = '';
    /** Stops the running gateway (closing its store) and starts a new one on the same store. */
    const restart = async () => {
      await gw?.close();
      gw = await startTestGateway({
        backend: { backend: null, missing: 'no model in this test' },
        products: ['acme'],
        audit: await store.open(),
        reviewersFile,
      });
      return gw;
    };
    after(async () => {
      await gw?.close();
      await store?.close();
    });

    void it('when the gateway restarts on the same store, then the reviewer is still signed in, and sign-out survives the next restart', async () => {
      store = await backing();
      token = createReviewer(reviewersFile, 'alice', 'all').token;
      const first = await restart();
      const { cookie, value } = await signIn(first, token);
      assert.ok(value, 'signed in');
      assert.equal((await get(first, '/review', cookie)).status, 200);

      const second = await restart();
      const page = await get(second, '/review', cookie);
      assert.equal(page.status, 200, `still signed in after a restart (got ${page.location})`);
      // The page's CSRF token, derived from the session, still matches after the restart.
      const out = await post(second, '/review/logout', { _csrf: csrfIn(page.body) }, cookie);
      assert.equal(out.status, 303);
      assert.equal((await get(second, '/review', cookie)).location, '/review/login');

      const third = await restart();
      assert.equal((await get(third, '/review', cookie)).location, '/review/login');
    });

    void it('when a session is stored, then the store holds the sha256 of the cookie, never the cookie', async () => {
      const { value } = await signIn(gw ?? (await restart()), token);
      assert.ok(value);
      const rows = await store.rows('SELECT * FROM review_sessions');
      const hash = createHash('sha256').update(`session\n${value}`).digest('base64url');
      assert.ok(rows.some((row) => row.hash === hash));
      assert.ok(rows.every((row) => !JSON.stringify(row).includes(value)));
    });

    void it('when a session has expired in the store, then it is refused and deleted', async () => {
      const current = gw ?? (await restart());
      const { cookie, value } = await signIn(current, token);
      const hash = createHash('sha256')
        .update(`session\n${value ?? ''}`)
        .digest('base64url');
      await store.exec(
        `UPDATE review_sessions SET last_seen = last_seen - ${31 * 60_000} WHERE hash = '${hash}'`,
      );
      assert.equal((await get(current, '/review', cookie)).location, '/review/login');
      const left = await store.rows(`SELECT hash FROM review_sessions WHERE hash = '${hash}'`);
      assert.equal(left.length, 0, 'expired session cleaned');
    });

    void it('when the session store cannot be read, then pages answer 503 session_unavailable, and recover with the store', async () => {
      const current = gw ?? (await restart());
      const { cookie } = await signIn(current, token);
      await store.exec('ALTER TABLE review_sessions RENAME TO review_sessions_away');
      try {
        const page = await get(current, '/review', cookie);
        assert.equal(page.status, 503);
        assert.match(page.body, /session_unavailable/);
        assert.doesNotMatch(page.body, /Sign out/i, 'not the signed-in page');
        const login = await signIn(current, token);
        assert.equal(login.res.status, 503);
        assert.equal(login.value, undefined, 'no session cookie handed out');
      } finally {
        await store.exec('ALTER TABLE review_sessions_away RENAME TO review_sessions');
      }
      assert.equal((await get(current, '/review', cookie)).status, 200);
    });
  });
}

sessionCases('SQLite', undefined, () => Promise.resolve(sqliteBacking()));
sessionCases('Postgres', pgSkip, postgresBacking);
