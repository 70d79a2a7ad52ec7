// Facts about the machine a run was measured on, for the report header.
import os from "node:os";
import pg from "pg";

export interface Machine {
  cpu: string;
  cores: number;
  memory_gib: number;
  node: string;
  postgres: string | null;
  chromium: string | null;
  os: string;
  /** 1-minute load average when the harness started: other work on the machine skews figures. */
  load_at_start: number;
}

export function machineFacts(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: null,
    chromium: null,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load_at_start: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

/** `SELECT version()` plus the settings that matter most for write throughput. */
export async function postgresVersion(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const v = (await c.query<{ version: string }>("SELECT version()")).rows[0].version;
    const s = await c.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections') ORDER BY name`,
    );
    return `${v} (${s.rows.map((r) => `${r.name}=${r.setting}${r.unit ? ` ${r.unit}` : ""}`).join(", ")})`;
  } finally {
    await c.end();
  }
}

export const loadNow = () => Math.round(os.loadavg()[0] * 100) / 100;
