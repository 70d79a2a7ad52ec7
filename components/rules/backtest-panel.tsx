"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { fmtInt, fmtTime } from "@/components/ui/format";

/** "What would this condition have matched over the last N hours?" — run on the condition as written, saved or not. */
export function BacktestPanel({ expression, canRun }: { expression: string | null; canRun: boolean }) {
  const trpc = useTRPC();
  const [hours, setHours] = useState(6);
  const [asked, setAsked] = useState<{ expression: string; hours: number } | null>(null);
  const result = useQuery({
    ...trpc.rules.backtest.queryOptions(asked ?? { expression: "true", hours: 1 }),
    enabled: asked !== null,
    staleTime: Infinity,
    retry: false,
  });
  const stale = asked && (asked.expression !== expression || asked.hours !== hours);
  const r = result.data;
  if (!canRun) return null;
  return (
    <section aria-labelledby="backtest-h" className="flex flex-col gap-2 rounded border border-line p-3" data-testid="backtest">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="backtest-h" className="text-sm font-semibold">
          Backtest
        </h2>
        <span className="text-xs text-muted">What would this condition have matched over the last</span>
        <select aria-label="Hours to backtest" className={inputClass} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {[1, 6, 24, 72].map((h) => (
            <option key={h} value={h}>
              {h} hour{h === 1 ? "" : "s"}
            </option>
          ))}
        </select>
        <Button size="sm" variant="primary" disabled={!expression || result.isFetching} onClick={() => expression && setAsked({ expression, hours })}>
          {result.isFetching ? "Running…" : "Run backtest"}
        </Button>
        {stale ? <span className="text-xs text-warn">The condition changed since this backtest: run it again.</span> : null}
      </div>
      {result.isFetching ? (
        <div role="progressbar" aria-label="Backtest running" className="h-1.5 w-full overflow-hidden rounded bg-panel-2">
          <div className="h-full w-1/3 animate-pulse bg-accent" />
        </div>
      ) : null}
      {result.error ? <p className="text-xs text-danger">{result.error.message}</p> : null}
      {r ? (
        <>
          <dl className="tabular grid grid-cols-2 gap-2 text-sm sm:grid-cols-4 lg:grid-cols-7" data-testid="backtest-result">
            <Num label="Flags scanned" value={fmtInt(r.scanned)} />
            <Num label="Flags matched" value={fmtInt(r.matchedFlags)} />
            <Num label="Rooms" value={fmtInt(r.rooms)} testid="bt-rooms" />
            <Num label="Accounts" value={fmtInt(r.accounts)} />
            <Num label="Later restored by people" value={fmtInt(r.restored)} warn={r.restored > 0} testid="bt-restored" />
            <Num label="Later dismissed by people" value={fmtInt(r.dismissed)} warn={r.dismissed > 0} testid="bt-dismissed" />
            <Num label="Took" value={`${(r.tookMs / 1000).toFixed(1)} s`} />
          </dl>
          <p className="text-xs text-muted">
            {r.rooms > 0
              ? `${Math.round(((r.restored + r.dismissed) / r.rooms) * 100)} % of matched rooms were restored or dismissed by people: the false-positive signal.`
              : "Nothing matched."}{" "}
            {r.truncated ? `Only the newest ${fmtInt(r.scanned)} flags were scanned.` : ""} {r.errors ? `${fmtInt(r.errors)} flags could not be judged.` : ""}{" "}
            Event facts, account age and the room's flag count are as they were at each flag; viewers, risk and rings are as they are now.
          </p>
          {r.sample.length ? (
            <table className="w-full text-left text-xs">
              <caption className="sr-only">Newest matched rooms</caption>
              <thead className="text-muted">
                <tr>
                  <th className="py-1 font-medium">Room</th>
                  <th className="font-medium">Account</th>
                  <th className="font-medium">Label</th>
                  <th className="font-medium">Score</th>
                  <th className="font-medium">Flagged</th>
                  <th className="font-medium">Later</th>
                </tr>
              </thead>
              <tbody>
                {r.sample.map((s) => (
                  <tr key={s.roomId} className="border-t border-line">
                    <td className="untrusted max-w-72 truncate py-1">{s.title}</td>
                    <td className="untrusted max-w-40 truncate">@{s.handle}</td>
                    <td>{s.label}</td>
                    <td className="tabular">{s.score.toFixed(2)}</td>
                    <td className="tabular">{fmtTime(s.at)}</td>
                    <td>
                      {s.restored ? <Badge tone="warn">Restored</Badge> : null} {s.dismissed ? <Badge tone="warn">Dismissed</Badge> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function Num({ label, value, warn, testid }: { label: string; value: string; warn?: boolean; testid?: string }) {
  return (
    <div className="flex flex-col">
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className={`text-lg font-semibold ${warn ? "text-warn" : ""}`} data-testid={testid}>
        {value}
      </dd>
    </div>
  );
}
