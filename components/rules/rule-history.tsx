"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import type { RuleVersionRow } from "@/server/contracts/rules";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";

type T = ReturnType<typeof useTranslations<"rules">>;

/** What changed between two versions, field by field (field: a key of rules.history.field). */
function changes(t: T, fmtInt: (n: number) => string, v: RuleVersionRow, prev: RuleVersionRow | undefined): { field: string; before: string; after: string }[] {
  if (!prev) return [];
  const show = (x: RuleVersionRow) => ({
    name: x.name,
    description: x.description,
    condition: x.expression,
    // i18n-keys: rules.action.*
    action: `${t(`action.${x.action.kind}`)} ${JSON.stringify({ ...x.action, kind: undefined })}`,
    ceiling: t("history.perMinute", { n: fmtInt(x.ceilingPerMin) }),
  });
  const a = show(prev);
  const b = show(v);
  return (Object.keys(b) as (keyof typeof b)[]).filter((k) => a[k] !== b[k]).map((k) => ({ field: k, before: a[k], after: b[k] }));
}

/** Versions (who, when, why, what changed) and every mode change, approval, trip and undo. */
export function RuleHistory({ id }: { id: string }) {
  const t = useTranslations("rules");
  const f = useFormat();
  const trpc = useTRPC();
  const h = useQuery(trpc.rules.history.queryOptions({ id }));
  if (!h.data) return <p className="text-sm text-muted">{t("history.loading")}</p>;
  const { versions, events } = h.data;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-labelledby="versions-h">
        <h2 id="versions-h" className="mb-2 text-sm font-semibold">
          {t("history.versions")}
        </h2>
        <ol className="flex flex-col gap-3" data-testid="rule-versions">
          {versions.map((v, i) => (
            <li key={v.version} className="rounded border border-line p-2 text-xs">
              <p>
                <span className="font-semibold">{t("list.version", { version: v.version })}</span> · {f.dateTime(v.editedAt)} · {v.editedByEmail}
                {v.note ? t("history.note", { note: v.note }) : ""}
              </p>
              {i === versions.length - 1 ? (
                <pre className="mt-1 whitespace-pre-wrap break-all font-mono text-muted">{v.expression}</pre>
              ) : (
                <dl className="mt-1 flex flex-col gap-1">
                  {changes(t, f.int, v, versions[i + 1]).map((c) => (
                    <div key={c.field}>
                      {/* i18n-keys: rules.history.field.* */}
                      <dt className="text-muted">{t(`history.field.${c.field}`)}</dt>
                      <dd className="font-mono">
                        <del className="block whitespace-pre-wrap break-all text-danger">− {c.before || t("history.empty")}</del>
                        <ins className="block whitespace-pre-wrap break-all text-ok no-underline">+ {c.after || t("history.empty")}</ins>
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
          {t("history.events")}
        </h2>
        <ol className="flex flex-col gap-1 text-xs" data-testid="rule-events">
          {events.map((e) => (
            <li key={`${e.at}-${e.action}`}>
              {/* i18n-keys: rules.history.event.* */}
              <span className="tabular text-muted">{f.dateTime(e.at)}</span> {e.actorEmail}{" "}
              {t.has(`history.event.${e.action}`) ? t(`history.event.${e.action}`) : e.action}
              {e.reason ? <span className="text-muted"> — {e.reason}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
