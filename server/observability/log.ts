// Structured logs: pino, one JSON object per line on stdout, for every server process. Lines
// written while an HTTP request is handled carry its request id (`reqId`).
//
// One logger per process, kept on globalThis like the runtime: Next bundles route handlers apart
// from server.ts, and both copies of this module must write through the same logger, at the same
// level, and see the same request context.
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type { Logger };

export interface RequestContext {
  requestId: string;
}

interface Shared {
  root: Logger;
  children: Logger[];
  requests: AsyncLocalStorage<RequestContext>;
  /** Fields on every line of this process (its role in a cluster). */
  extra: Record<string, string>;
  /** Where lines go: stdout, or a test's capture. */
  sink: (line: string) => void;
}

const KEY = Symbol.for("floodwall.log");

function shared(): Shared {
  const g = globalThis as { [KEY]?: Shared };
  g[KEY] ??= create();
  return g[KEY];
}

function create(): Shared {
  const requests = new AsyncLocalStorage<RequestContext>();
  const extra: Record<string, string> = {};
  const stdout = pino.destination({ dest: 1, sync: true });
  const s = { children: [], requests, extra, sink: (line) => void stdout.write(line) } as Omit<Shared, "root"> & { root?: Logger };
  s.root = pino(
    {
      level: "info",
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"error" rather than "level":50: readable without a lookup table.
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const c = requests.getStore();
        // A fresh object: pino merges the line's own fields into what this returns.
        return c ? { ...extra, reqId: c.requestId } : { ...extra };
      },
    },
    // Through the shared sink, so a test can capture what any copy of this module writes.
    { write: (line: string) => s.sink(line) },
  );
  return s as Shared;
}

/** The logger of one part of the server ("wall", "ingest", …): each line names it as `component`. */
export function logger(component: string): Logger {
  const s = shared();
  const child = s.root.child({ component });
  s.children.push(child);
  return child;
}

/** LOG_LEVEL, set once the environment is parsed (children made earlier follow it too). */
export function setLogLevel(level: LogLevel) {
  const s = shared();
  s.root.level = level;
  for (const c of s.children) c.level = level;
}

/** Extra fields on every line of this process (e.g. its role in a cluster). */
export function setLogBindings(bindings: Record<string, string>) {
  Object.assign(shared().extra, bindings);
}

/** Runs `fn` (and everything it starts) as part of one request: its log lines carry the id. */
export function withRequest<T>(ctx: RequestContext, fn: () => T): T {
  return shared().requests.run(ctx, fn);
}

/** The request being handled, if any. */
export function currentRequest(): RequestContext | undefined {
  return shared().requests.getStore();
}

/** An error as a log field: pino's serializer keeps message, stack and code. */
export const errField = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** Tests: collects the lines written from now on (parsed) instead of printing them, until stop(). */
export function captureLogs(): { lines(): Record<string, unknown>[]; stop(): void } {
  const s = shared();
  const before = s.sink;
  const lines: string[] = [];
  s.sink = (line) => void lines.push(line);
  return {
    lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: () => {
      s.sink = before;
    },
  };
}
