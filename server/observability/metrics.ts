// Prometheus metrics of one console process (prom-client), served at /metrics. Each console has
// a registry of its own (tests run several consoles in one process); the composition root wires
// the sources that are read at scrape time (sockets, queues, backlogs).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { logger } from "./log";

const log = logger("metrics");

/** What is read when /metrics is scraped; each may be missing (a worker has no sockets). */
export interface MetricSources {
  /** Open Socket.IO connections on this process. */
  sockets?: () => number;
  /** Sockets subscribed to a wall on this process. */
  wallSubscribers?: () => number;
  /** Rooms marked changed and not yet flushed to walls. */
  wallChanged?: () => number;
  /** Rooms sent to walls so far (a running total kept by the hub). */
  wallRoomsSent?: () => number;
  /** Response rules not off. */
  rulesEnabled?: () => number;
  /** Decisions waiting to be told to the platform (all processes: read from Postgres). */
  deliveryPending?: () => Promise<number>;
  /** Jobs per queue and state (all processes: read from Postgres). */
  jobQueues?: () => Promise<{ queue: string; queued: number; active: number; deferred: number }[]>;
}

const SECONDS_FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_SLOW = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];
/** A gauge read from Postgres waits at most this long at a scrape (then it is left out). */
const SOURCE_TIMEOUT_MS = 2000;

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(o: { role: string; version: string }) {
  const registry = new Registry();
  const r = [registry];
  // Process metrics: CPU, memory, heap, event-loop lag, GC, handles (Prometheus's usual names).
  collectDefaultMetrics({ register: registry });
  let sources: MetricSources = {};

  new Gauge({ name: "floodwall_info", help: "This process: its role and version (always 1).", labelNames: ["role", "version"], registers: r })
    .labels(o.role, o.version)
    .set(1);

  const gauge = (name: string, help: string, read: () => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: r,
      collect() {
        const v = read();
        if (v !== undefined) this.set(v);
      },
    });

  const m = {
    registry,
    /** Where scrape-time values come from (set once the services exist). */
    setSources(s: MetricSources) {
      sources = { ...sources, ...s };
    },

    httpRequests: new Counter({
      name: "floodwall_http_requests_total",
      help: "HTTP requests answered, by kind of endpoint and status class.",
      labelNames: ["kind", "status"],
      registers: r,
    }),

    ingestRequests: new Counter({
      name: "floodwall_ingest_requests_total",
      help: "POST /api/ingest/flags answers by status (202 stored, 400/413 refused, 401 bad token, 429 over capacity, 503 database).",
      labelNames: ["status"],
      registers: r,
    }),
    ingestEvents: new Counter({
      name: "floodwall_ingest_events_total",
      help: "Ingested events by outcome: accepted (stored), duplicate (a replayed eventId), rejected (invalid).",
      labelNames: ["outcome"],
      registers: r,
    }),
    ingestDuration: new Histogram({
      name: "floodwall_ingest_request_duration_seconds",
      help: "Time from an ingest request's arrival to its answer (stored batches include the response rules).",
      labelNames: ["status"],
      buckets: SECONDS_FAST,
      registers: r,
    }),

    wallFlushDuration: new Histogram({
      name: "floodwall_wall_flush_duration_seconds",
      help: "One wall hub flush: loading the changed rooms and sending each filter group its diff.",
      buckets: SECONDS_FAST,
      registers: r,
    }),
    wallFlushedRooms: new Counter({ name: "floodwall_wall_flushed_rooms_total", help: "Changed rooms loaded by this process's flushes.", registers: r }),
    wallChanged: gauge("floodwall_wall_changed_rooms", "Rooms marked changed, waiting for the next wall flush.", () => sources.wallChanged?.()),
    wallSubscribers: gauge("floodwall_wall_subscribers", "Sockets on this process subscribed to a wall.", () => sources.wallSubscribers?.()),
    sockets: gauge("floodwall_sockets_connected", "Open Socket.IO connections on this process.", () => sources.sockets?.()),

    deliveryDecisions: new Counter({
      name: "floodwall_delivery_decisions_total",
      help: "Decisions told to the platform by this process, by outcome (sent, failed for good, retrying).",
      labelNames: ["outcome"],
      registers: r,
    }),
    deliveryPending: new Gauge({
      name: "floodwall_delivery_pending_decisions",
      help: "Decisions not yet told to the platform (the delivery backlog, all processes).",
      registers: r,
      async collect() {
        const v = await read("deliveryPending", sources.deliveryPending);
        if (v !== undefined) this.set(v);
      },
    }),
    jobQueue: new Gauge({
      name: "floodwall_job_queue_jobs",
      help: "Durable jobs per queue and state (queued: waiting, of which deferred: not due yet; active: running).",
      labelNames: ["queue", "state"],
      registers: r,
      async collect() {
        const queues = await read("jobQueues", sources.jobQueues);
        if (!queues) return;
        this.reset();
        for (const q of queues) {
          this.labels(q.queue, "queued").set(q.queued);
          this.labels(q.queue, "active").set(q.active);
          this.labels(q.queue, "deferred").set(q.deferred);
        }
      },
    }),

    clusterPassDuration: new Histogram({
      name: "floodwall_cluster_pass_duration_seconds",
      help: "One pass of the cluster worker (linking the accounts that arrived since the last one).",
      buckets: SECONDS_SLOW,
      registers: r,
    }),
    clusterAccounts: new Counter({ name: "floodwall_cluster_accounts_processed_total", help: "Accounts linked by cluster passes.", registers: r }),

    rulesJudged: new Counter({ name: "floodwall_rules_flags_judged_total", help: "Flags judged by the response rules.", registers: r }),
    ruleHits: new Counter({ name: "floodwall_rules_hits_total", help: "Rule hits recorded (shadow and enforce).", registers: r }),
    ruleActions: new Counter({ name: "floodwall_rules_actions_total", help: "Actions taken by enforcing rules.", registers: r }),
    rulesDuration: new Histogram({
      name: "floodwall_rules_evaluate_duration_seconds",
      help: "Judging one stored ingest batch against the rules.",
      buckets: SECONDS_FAST,
      registers: r,
    }),
    rulesEnabled: gauge("floodwall_rules_enabled", "Response rules in shadow or enforce mode.", () => sources.rulesEnabled?.()),
  };

  // A running total kept elsewhere, exposed as a counter (it only grows).
  let roomsSentSeen = 0;
  const roomsSent = new Counter({
    name: "floodwall_wall_rooms_sent_total",
    help: "Rooms sent to wall subscribers on this process (one per room and filter group).",
    registers: r,
    collect() {
      const now = sources.wallRoomsSent?.();
      if (now === undefined || now < roomsSentSeen) return;
      this.inc(now - roomsSentSeen);
      roomsSentSeen = now;
    },
  });
  return { ...m, roomsSent };
}

/** A scrape-time source, bounded in time; a failure leaves the metric out of this scrape. */
async function read<T>(name: string, source: (() => Promise<T>) | undefined): Promise<T | undefined> {
  if (!source) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      source(),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), SOURCE_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    log.warn({ err: e, source: name }, "metric source failed");
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
