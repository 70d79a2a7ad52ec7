"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { invalidateRules } from "./cache";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DESTRUCTIVE, type RuleSummary } from "@/server/contracts/rules";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";
import { RuleEditor } from "./rule-editor";
import { RuleHits } from "./rule-hits";
import { RuleHistory } from "./rule-history";
import { UndoPanel } from "./undo-panel";

export function ModeBadge({ r }: { r: Pick<RuleSummary, "mode" | "enforceRequest" | "tripped"> }) {
  const tm = useTranslations("rules.mode");
  if (r.mode === "ENFORCE") return <Badge tone="danger">{tm("enforcing")}</Badge>;
  if (r.enforceRequest) return <Badge tone="warn">{tm("awaiting")}</Badge>;
  if (r.mode === "SHADOW") return <Badge tone={r.tripped ? "warn" : "accent"}>{r.tripped ? tm("tripped") : tm("shadow")}</Badge>;
  return <Badge>{tm("off")}</Badge>;
}

const TABS = ["Hits", "Definition", "History", "Undo"] as const;
type Tab = (typeof TABS)[number];

/** One rule: its mode and who approved it, what it hit, its definition and backtest, history, bulk undo. */
export function RulePage({ id, canManage, canApprove, meEmail }: { id: string; canManage: boolean; canApprove: boolean; meEmail: string }) {
  const tr = useTranslations("rules");
  const f = useFormat();
  const trpc = useTRPC();
  const rule = useQuery(trpc.rules.get.queryOptions({ id }));
  const [tab, setTab] = useState<Tab>("Hits");
  if (rule.error) return <p className="p-4 text-sm text-danger">{rule.error.message}</p>;
  const r = rule.data;
  if (!r) return <p className="p-4 text-sm text-muted">{tr("page.loading")}</p>;
  const visible = TABS.filter((t) => t !== "Undo" || canManage);
  return (
    <div className="flex flex-col gap-4 p-4">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <p className="text-xs text-muted">
            <Link href="/rules" className="hover:text-ink">
              {tr("breadcrumb")}
            </Link>{" "}
            ›
          </p>
          <h1 className="flex items-center gap-2 text-lg font-semibold">
            <span data-testid="rule-name">{r.name}</span> <ModeBadge r={r} />
          </h1>
          <p className="text-sm text-muted">
            {/* i18n-keys: rules.action.* */}
            {tr("page.summary", { action: tr(`action.${r.action.kind}`), ceiling: f.int(r.ceilingPerMin), version: r.version, email: r.updatedByEmail })}
            {r.enforcedBy ? tr("page.enforcedBy", { requestedBy: r.enforcedBy.requestedBy, approvedBy: r.enforcedBy.approvedBy }) : ""}
          </p>
          {r.description ? <p className="mt-1 text-sm">{r.description}</p> : null}
        </div>
        <ModeControls r={r} canManage={canManage} canApprove={canApprove} meEmail={meEmail} />
      </div>
      {r.tripped && r.mode !== "ENFORCE" ? (
        <p role="alert" className="rounded border border-warn/50 bg-warn/10 p-2 text-sm text-warn" data-testid="rule-tripped">
          {tr("page.tripped", { at: f.dateTime(r.tripped.at), reason: r.tripped.reason })}
        </p>
      ) : null}
      <div role="tablist" aria-label={tr("page.tabs")} className="flex gap-1 border-b border-line">
        {visible.map((t, i) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className={`rounded-t px-3 py-1.5 text-sm ${tab === t ? "border border-b-0 border-line bg-panel text-ink" : "text-muted hover:text-ink"}`}
            onClick={() => setTab(t)}
            onKeyDown={(e) => {
              const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
              if (!d) return;
              const next = visible[(i + d + visible.length) % visible.length];
              setTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {/* i18n-keys: rules.page.tab.* */}
            {tr(`page.tab.${t}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "Hits" ? <RuleHits rule={r} /> : null}
        {tab === "Definition" ? <RuleEditor key={r.version} rule={r} canManage={canManage} /> : null}
        {tab === "History" ? <RuleHistory id={r.id} /> : null}
        {tab === "Undo" ? <UndoPanel rule={r} /> : null}
      </div>
    </div>
  );
}

function ModeControls({ r, canManage, canApprove, meEmail }: { r: RuleSummary; canManage: boolean; canApprove: boolean; meEmail: string }) {
  const t = useTranslations("rules.page");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const onDone = (msg: string) => {
    invalidateRules(qc, trpc);
    toast.success(msg);
  };
  const onError = (e: { message: string }) => toast.error(e.message);
  const setMode = useMutation(trpc.rules.setMode.mutationOptions({ onSuccess: (x) => onDone(x.mode === "OFF" ? t("offToast") : t("shadowToast")), onError }));
  const ask = useMutation(
    trpc.rules.requestEnforce.mutationOptions({
      onSuccess: (x) => onDone(x.status === "ENFORCING" ? t("enforcingToast") : t("askedToast")),
      onError,
    }),
  );
  const decide = useMutation(
    trpc.rules.decideEnforce.mutationOptions({ onSuccess: (x) => onDone(x.approved ? t("approvedToast") : t("rejectedToast")), onError }),
  );
  const busy = setMode.isPending || ask.isPending || decide.isPending;
  const mine = r.enforceRequest?.byEmail === meEmail;
  return (
    <div className="flex flex-col items-end gap-1">
      {canManage ? (
        <div className="flex flex-wrap gap-1">
          <Button
            size="sm"
            disabled={busy || r.mode === "OFF"}
            onClick={() => setMode.mutate({ id: r.id, mode: "OFF", reason: "Switched off from the rule page" })}
          >
            {t("off")}
          </Button>
          <Button
            size="sm"
            disabled={busy || (r.mode === "SHADOW" && !r.enforceRequest)}
            onClick={() => setMode.mutate({ id: r.id, mode: "SHADOW", reason: "Shadow from the rule page" })}
          >
            {t("shadow")}
          </Button>
          {r.mode !== "ENFORCE" && !r.enforceRequest ? (
            <Button
              size="sm"
              variant="danger"
              disabled={busy}
              onClick={() => ask.mutate({ id: r.id, reason: "Asked from the rule page after shadow and backtest" })}
            >
              {DESTRUCTIVE.has(r.action.kind) ? t("askEnforce") : t("enforce")}
            </Button>
          ) : null}
        </div>
      ) : null}
      {r.enforceRequest ? (
        mine || !canApprove ? (
          <p className="text-xs text-warn" data-testid="awaiting-approval">
            {t("awaiting", { email: r.enforceRequest.byEmail })}
          </p>
        ) : (
          <div className="flex items-center gap-1" data-testid="approve-enforcement">
            <span className="text-xs text-warn">{t("asks", { email: r.enforceRequest.byEmail })}</span>
            <Button
              size="sm"
              variant="danger"
              disabled={busy}
              onClick={() => decide.mutate({ id: r.id, approve: true, reason: "Approved after reading its shadow hits and backtest" })}
            >
              {t("approve")}
            </Button>
            <Button size="sm" disabled={busy} onClick={() => decide.mutate({ id: r.id, approve: false, reason: "Rejected from the rule page" })}>
              {t("reject")}
            </Button>
          </div>
        )
      ) : null}
    </div>
  );
}
