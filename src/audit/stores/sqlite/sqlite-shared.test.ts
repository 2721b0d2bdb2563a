/**
 * The shared store cases (review queue, labels, stats, tamper evidence, retention, checkpoints) against the
 * SQLite store: each store in its own file, raw SQL through a second connection.
 */
import { after } from 'node:test';
import Sqlite from 'better-sqlite3';
import { chainCases } from '../chain-cases.js';
import { checkpointCases } from '../checkpoint-cases.js';
import { reviewCases } from '../review-cases.js';
import { openSqliteAuditStore } from './sqlite-store.js';
import { tempDatabases } from './sqlite-test-helpers.js';
import { trackCleanups, type StoreHarness } from '../store-cases.js';

const databases = tempDatabases();
after(databases.cleanup);

const harness: StoreHarness = {
  name: 'SQLite store',
  skip: undefined,
  ...trackCleanups((options) => {
    const path = databases.path();
    const store = openSqliteAuditStore(path, options);
    const raw = new Sqlite(path);
    return Promise.resolve({
      store,
      exec: (sql: string) => {
        raw.exec(sql);
        return Promise.resolve();
      },
      cleanup: async () => {
        raw.close();
        await store.close();
      },
    });
  }),
};
after(harness.cleanupAll);

reviewCases(harness);
chainCases(harness);
checkpointCases(harness);
