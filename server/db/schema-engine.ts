import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine as TSchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { PgConfig } from "./pg-config";
import { logger } from "../observability/log";

const log = logger("schema-engine");

/**
 * Prisma's own schema engine, loaded from its WebAssembly build. The native binary cannot be
 * downloaded on offline machines; the wasm engine applies the same migrations and writes the
 * same `_prisma_migrations` rows, so the folder stays compatible with the Prisma CLI.
 */

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
/** Tables that exist in the database but are not modelled in schema.prisma. */
export const FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
  // Without this, a Rust panic surfaces only as "reading 'set_message'".
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m: string) => log.error({ panic: m }, "schema engine panic") };
  const glue: Glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const require = createRequire(import.meta.url);
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  // The engine arms 10 s timers it never clears; unref them so the process can exit.
  const imports: Record<string, unknown> = { ...glue };
  for (const key of Object.keys(glue)) {
    if (key.startsWith("__wbg_setTimeout_")) {
      imports[key] = (fn: () => void, ms: number) => {
        const t = setTimeout(fn, ms >>> 0);
        t.unref();
        return t;
      };
    }
  }
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": imports as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return glue;
}

/** pg's "char" (OID 18) appears in pg_catalog reads of the schema describer; adapter-pg cannot map it. */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
/**
 * Two fixes to adapter-pg for the engine's use:
 * - executeScript splits on every ";" (breaking function bodies) and runs the pieces outside a
 *   transaction; send the script whole instead, as one implicit transaction, as the native
 *   engine does.
 * - pg's "char" columns are reported so the engine's schema describer can read them.
 */
function patchAdapter(adapter: Adapter): Adapter {
  const a = adapter as unknown as {
    client: { query(sql: string): Promise<unknown> };
    onError(e: unknown): never;
    executeScript(script: string): Promise<void>;
    performIO(q: unknown): Promise<{ fields: { dataTypeID: number }[]; rows: unknown[][] }>;
    queryRaw(q: unknown): Promise<{ columnTypes: number[]; rows: unknown[][] }>;
  };
  a.executeScript = async (script) => {
    try {
      await a.client.query(script);
    } catch (e) {
      a.onError(e); // rethrows as the adapter's typed error
    }
  };
  const charColumns = new WeakMap<object, number[]>();
  const performIO = a.performIO.bind(a);
  a.performIO = async (q) => {
    const res = await performIO(q);
    const idx: number[] = [];
    res.fields.forEach((f, i) => {
      if (f.dataTypeID === PG_CHAR_OID) {
        f.dataTypeID = PG_TEXT_OID;
        idx.push(i);
      }
    });
    if (idx.length) charColumns.set(res.rows, idx);
    return res;
  };
  const queryRaw = a.queryRaw.bind(a);
  a.queryRaw = async (q) => {
    const out = await queryRaw(q);
    // Marked as Character (not Text), or the engine panics on the describer's result.
    for (const i of charColumns.get(out.rows) ?? []) out.columnTypes[i] = ColumnTypeEnum.Character;
    return out;
  };
  return adapter;
}

/** An adapter factory whose shadow databases are dropped with FORCE after their pool ends. */
function adapterFactory(config: PgConfig, opened: Adapter[]) {
  const base = new PrismaPg({ ...config, allowExitOnIdle: true });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect() {
      const adapter = patchAdapter(await base.connect());
      opened.push(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const name = `floodwall_shadow_${crypto.randomUUID().replace(/-/g, "")}`;
      const admin = await base.connect();
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = await new PrismaPg({ ...config, database: name, allowExitOnIdle: true }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.dispose();
      };
      return patchAdapter(shadow);
    },
  };
}

export interface EngineHandle {
  engine: TSchemaEngine;
  close(): Promise<void>;
}

export async function openSchemaEngine(config: PgConfig, log: (line: string) => void = () => {}): Promise<EngineHandle> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const opened: Adapter[] = [];
  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory(config, opened) as never);
  const engine = await glue.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, (msg: string) => log(msg), factory);
  return {
    engine,
    async close() {
      engine.free();
      // The engine does not end its connection pools; end them so no idle client lingers.
      await Promise.all(opened.map((a) => a.dispose().catch(() => {})));
    },
  };
}

/** Reads prisma/migrations the way the Prisma CLI passes it to the engine. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  const names = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => statSync(path.join(dir, n)).isDirectory())
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = path.join(dir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file) ? { tag: "ok" as const, value: readFileSync(file, "utf8") } : { tag: "error" as const, value: `missing ${file}` },
        },
      };
    }),
  };
}

export function schemaFiles() {
  return [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, "utf8") }];
}
