"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { ACTION_LABEL, type RuleVersionRow } from "@/server/contracts/rules";
import { fmtDateTime, fmtInt } from "@/components/ui/format";

const EVENT_TEXT: Record<string, string> = {
  "rule.create": "created it",
  "rule.update": "saved a new version",
  "rule.off": "switched it off",
  "rule.shadow": "put it in shadow",
  "rule.enforce": "switched it to enforce",
  "rule.enforce_request": "asked to enforce it",
  "rule.enforce_approve": "approved enforcement",
  "rule.enforce_reject": "rejected enforcement",
  "rule.trip": "— the breaker tripped",
  "rule.undo": "undid its actions",
};

/** What changed between two versions, field by field. */
function changes(v: RuleVersionRow, prev: RuleVersionRow | undefined): { field: string; before: string; after: string }[] {
  if (!prev) return [];
  const show = (x: RuleVersionRow) => ({
    Name: x.name,
    Description: x.description,
    Condition: x.expression,
    Action: `${ACTION_LABEL[x.action.kind]} ${JSON.stringify({ ...x.action, kind: undefined })}`,
    Ceiling: `${fmtInt(x.ceilingPerMin)} a minute`,
  });
  const a = show(prev);
  const b = show(v);
  return (Object.keys(b) as (keyof typeof b)[]).filter((k) => a[k] !== b[k]).map((k) => ({ field: k, before: a[k], after: b[k] }));
}

/** Versions (who, when, why, what changed) and every mode change, approval, trip and undo. */
export function RuleHistory({ id }: { id: string }) {
  const trpc = useTRPC();
  const h = useQuery(trpc.rules.history.queryOptions({ id }));
  if (!h.data) return <p className="text-sm text-muted">Loading history…</p>;
  const { versions, events } = h.data;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-labelledby="versions-h">
        <h2 id="versions-h" className="mb-2 text-sm font-semibold">
          Versions
        </h2>
        <ol className="flex flex-col gap-3" data-testid="rule-versions">
          {versions.map((v, i) => (
            <li key={v.version} className="rounded border border-line p-2 text-xs">
              <p>
                <span className="font-semibold">v{v.version}</span> · {fmtDateTime(v.editedAt)} · {v.editedByEmail}
                {v.note ? ` — “${v.note}”` : ""}
              </p>
              {i === versions.length - 1 ? (
                <pre className="mt-1 whitespace-pre-wrap break-all font-mono text-muted">{v.expression}</pre>
              ) : (
                <dl className="mt-1 flex flex-col gap-1">
                  {changes(v, versions[i + 1]).map((c) => (
                    <div key={c.field}>
                      <dt className="text-muted">{c.field}</dt>
                      <dd className="font-mono">
                        <del className="block whitespace-pre-wrap break-all text-danger">− {c.before || "(empty)"}</del>
                        <ins className="block whitespace-pre-wrap break-all text-ok no-underline">+ {c.after || "(empty)"}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="events-h">
        <h2 id="events-h" className="mb-2 text-sm font-semibold">
          Changes of mode, approvals and undo
        </h2>
        <ol className="flex flex-col gap-1 text-xs" data-testid="rule-events">
          {events.map((e) => (
            <li key={`${e.at}-${e.action}`}>
              <span className="tabular text-muted">{fmtDateTime(e.at)}</span> {e.actorEmail} {EVENT_TEXT[e.action] ?? e.action}
              {e.reason ? <span className="text-muted"> — {e.reason}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
