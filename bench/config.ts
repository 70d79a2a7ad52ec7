// What a benchmark run is configured with, and how a figure borrows a server (shared by
// the figures and the profiling passes).
import type { BrowserParams } from "./browser";
import type { ClusterParams } from "./clusters";
import type { ContainmentVariant } from "./containment";
import type { IngestParams } from "./ingest";
import type { LoadParams } from "./load";
import type { BenchServer } from "./server";

export interface LatencyParams {
  sockets: number;
  workers: number;
  rates: number[];
  seconds: number;
  drainMs: number;
}

export interface Config {
  runs: number;
  ingest: IngestParams;
  /** Ingest with 20 rules against 0, same server, same run (issue 15). */
  rules: IngestParams;
  latency: LatencyParams;
  takedown: { rooms: number; timeoutMs: number };
  browser: BrowserParams;
  load: LoadParams;
  clusters: ClusterParams;
  /** stopCheck: end each run with SIGTERM during the abuse (not with a server shared by other figures). */
  interactive: { seconds: number; senders: number; probeHz: number; stopCheck: boolean };
  /** Variants: a lead in a browser (quiet, or with one core busy), or the armed demo playbook alone (automated). */
  containment: { rate: number; seconds: number; horizonS: number; seed: number; variants: ContainmentVariant[] };
  enforcementRate: number;
  /** One extra, separately run 5,000 flags/s phase with the server under the V8 profiler (inspector API). */
  profile: boolean;
}

/**
 * Lends a server to a figure: fresh per figure in full mode, shared in quick mode (env ignored),
 * unless the figure asks for a fresh one: then quick mode restarts the shared server on a fresh
 * database (with `env`), and that one is shared from then on.
 */
export type Provide = (name: string, env?: Record<string, string>, opts?: { fresh?: boolean }) => Promise<{ server: BenchServer; release(): Promise<void> }>;
