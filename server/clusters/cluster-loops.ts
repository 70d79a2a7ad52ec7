import type { Pool } from "../db/pool";
import type { WaveAlert } from "../contracts/alerts";
import { clusterPass, refreshDueExplanations } from "./cluster-pass";
import { ExplainSchedule } from "./explain-schedule";
import { flagWatchedJoiners } from "./watch";
import { WaveDetector } from "./wave-detector";
import { addToOpenIncidents, msg } from "../incidents/timeline";
import { errField, logger } from "../observability/log";

const log = logger("clusters");

/** Runs `fn` every `ms`, never overlapping itself; returns a stop function. */
function every(ms: number, fn: () => Promise<void>) {
  let stopped = false;
  let timer: NodeJS.Timeout;
  const run = async () => {
    try {
      await fn();
    } catch (e) {
      log.error({ err: errField(e) }, "cluster loop failed; runs again");
    }
    if (!stopped) timer = setTimeout(run, ms);
  };
  timer = setTimeout(run, ms);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/**
 * The cluster worker (links accounts as they arrive, keeps up by draining in passes) and the
 * attack-wave detector. Every process runs them; an advisory lock lets one cluster at a time.
 */
/** Where the loops' results go (the wall, people's pages); wired by the composition root. */
export interface ClusterLoopPorts {
  /** Rooms whose cluster badge changed or that a watch flagged. */
  roomsChanged(ids: string[]): void;
  /** Accounts that joined (or moved to) a ring in a pass: standing orders act on them. */
  accountsJoined(ids: string[]): void;
  /** Cluster lists and pages should refetch (at most every 2 s). */
  clustersChanged(): void;
  /** The attack-wave alert was raised, changed or closed. */
  alert(alert: WaveAlert): void;
  /** A pass that linked accounts finished: how long it took and how many (metrics). */
  passed?(ms: number, accounts: number): void;
}

export function startClusterLoops(pool: Pool, ports: ClusterLoopPorts, opts = { passMs: 1000, detectMs: 1000 }) {
  let lastNotice = 0;
  let noticeDue = false;
  const explain = new ExplainSchedule(5_000);
  const stopPass = every(opts.passMs, async () => {
    let touched = false;
    for (let i = 0; i < 10; i++) {
      const t0 = Date.now();
      const res = await clusterPass(pool, 20_000, Date.now(), { explain });
      if (res.processed === 0) break;
      const took = Date.now() - t0;
      ports.passed?.(took, res.processed);
      if (took > 2000) log.warn({ accounts: res.processed, ms: took }, "slow cluster pass");
      ports.roomsChanged(res.changedRoomIds);
      ports.accountsJoined([...res.joined.values()].flat());
      const watched = await flagWatchedJoiners(pool, res.joined);
      if (watched) ports.roomsChanged(watched.changedRoomIds);
      touched ||= res.touched.length > 0;
    }
    // A ring that stopped growing right after a throttled pass still gets its final explanation.
    if ((await refreshDueExplanations(pool, explain)).length) touched = true;
    // At most one notice every 2 s, and never a lost one: a change inside the quiet window is
    // announced on the first loop after it.
    noticeDue ||= touched;
    if (noticeDue && Date.now() - lastNotice > 2000) {
      lastNotice = Date.now();
      noticeDue = false;
      ports.clustersChanged();
    }
  });
  const detector = new WaveDetector(pool);
  const stopDetect = every(opts.detectMs, async () => {
    const res = await detector.tick();
    if (!res) return;
    ports.alert(res.alert);
    if (res.opened) await addToOpenIncidents(pool, "alert", msg("alert", { reasons: res.alert.reasons.join("; ") }), null, { alertId: res.alert.id });
  });
  return () => {
    stopPass();
    stopDetect();
  };
}
