// Demo mode keeps the wall alive with steady traffic sent to the server's own ingest API,
// exactly as an external client would (same auth, same validation, same code path).
import { IngestClient, type ClientStats } from "./client";
import { createScenario } from "./scenarios";
import { randomSeed } from "./rng";

export interface SteadyTrafficOptions {
  /** Base URL of this server, e.g. http://127.0.0.1:3000. */
  target: string;
  token: string;
  /** Events per second (default 20). */
  rate?: number;
  /** Stops the traffic; the returned promise then resolves. */
  signal: AbortSignal;
  /** Default: random, so restarts do not resend (and get refused as duplicates) old event ids. */
  seed?: number;
  /** Told once if the server refuses the token (the traffic stops then). Default: console.warn. */
  onFatal?: (message: string) => void;
}

/** Runs the steady scenario until aborted. Never rejects; transient errors are swallowed
 * (retried, then the batch is dropped) so a slow start or a restart does not spam the log. */
export async function startSteadyTraffic(opts: SteadyTrafficOptions): Promise<ClientStats | null> {
  const warn = opts.onFatal ?? ((m: string) => console.warn(`[demo traffic] stopped: ${m}`));
  try {
    const scenario = createScenario("steady", { seed: opts.seed ?? randomSeed(), rate: opts.rate ?? 20, durationSec: null });
    const client = new IngestClient({
      target: opts.target,
      token: opts.token,
      signal: opts.signal,
      concurrency: 2,
      // Streams start only where live controls allow, as on the real platform.
      askToGoLive: true,
      maxRetries: 3,
      retryBaseMs: 500,
      // At demo rates, waiting a second for a fuller batch costs nothing.
      flushMs: 1000,
      // After a stall, skip ahead instead of replaying a burst the detector would alert on.
      maxLagMs: 5000,
    });
    const stats = await client.run(scenario.batches());
    if (stats.fatal) warn(stats.fatal);
    return stats;
  } catch (e) {
    // A bad target URL or similar misconfiguration: say it once, do not take the server down.
    if (!opts.signal.aborted) warn(e instanceof Error ? e.message : String(e));
    return null;
  }
}
