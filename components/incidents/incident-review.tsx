"use client";
import { EvidenceExport } from "./evidence-export";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { IncidentView } from "@/server/incidents/report";
import { useLocale, useTranslations } from "use-intl";

// i18n-keys: incidents.review.part.*
const PARTS = ["whatHappened", "impact", "whatWorked", "whatDidNot"] as const;

type Review = IncidentView["draft"];

/**
 * The post-incident review, action items, and the evidence package. Until a lead saves it, the
 * review is the draft the server writes from the timeline and the numbers; it comes with the
 * incident (no second query to fail or go stale) and follows it as it changes, until someone
 * starts typing — then their text stays until they save.
 */
export function IncidentReview({ v, canManage }: { v: IncidentView; canManage: boolean }) {
  const t = useTranslations("incidents.review");
  // A due date is a calendar day (kept as UTC midnight), not a moment: never shifted by a zone.
  const dueDate = new Intl.DateTimeFormat(useLocale(), { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  const trpc = useTRPC();
  const qc = useQueryClient();
  // The form's key: the text it was mounted with. Typing pins it, so the draft stops replacing it.
  const [pinned, setPinned] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries(trpc.incidents.get.queryFilter({ id: v.id }));
  const save = useMutation(
    trpc.incidents.saveReview.mutationOptions({
      onSuccess: () => {
        setPinned(null);
        return refresh();
      },
    }),
  );
  const review: Review = (v.review as Review | null) ?? v.draft;
  const shownKey = JSON.stringify(review);
  const add = useMutation(trpc.incidents.addActionItem.mutationOptions({ onSuccess: refresh }));
  const toggle = useMutation(trpc.incidents.toggleActionItem.mutationOptions({ onSuccess: refresh }));
  return (
    <section aria-labelledby="review-h" className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <h2 id="review-h" className="font-semibold">
          {t("title")}
        </h2>
        <span className="text-xs text-muted" data-testid="review-state">
          {pinned !== null ? t("edited") : v.review ? t("saved") : t("draft")}
        </span>
        {canManage ? <EvidenceExport incidentId={v.id} /> : null}
      </div>
      <form
        key={pinned ?? shownKey}
        aria-label={t("title")}
        className="grid grid-cols-2 gap-3"
        onInput={() => setPinned((p) => p ?? shownKey)}
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          save.mutate({
            id: v.id,
            whatHappened: String(f.get("whatHappened")),
            impact: String(f.get("impact")),
            whatWorked: String(f.get("whatWorked")),
            whatDidNot: String(f.get("whatDidNot")),
          });
        }}
      >
        {PARTS.map((k) => (
          <label key={k} className="flex flex-col gap-1 text-xs text-muted">
            {t(`part.${k}`)}
            <textarea name={k} defaultValue={review[k]} readOnly={!canManage} rows={5} className={`${inputClass} text-ink`} />
          </label>
        ))}
        {canManage ? (
          <div className="no-print col-span-2 flex items-center gap-3">
            <Button type="submit" disabled={save.isPending}>
              {t("save")}
            </Button>
            {save.error ? (
              <p role="alert" className="text-sm text-danger">
                {save.error.message}
              </p>
            ) : null}
          </div>
        ) : null}
      </form>
      <h3 className="text-sm font-semibold">{t("actionItems")}</h3>
      <ul className="flex flex-col gap-1 text-sm">
        {v.actionItems.map((a) => (
          <li key={a.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={!!a.doneAt}
              disabled={!canManage}
              onChange={(e) => toggle.mutate({ id: v.id, itemId: a.id, done: e.target.checked })}
              aria-label={t("done", { title: a.title })}
            />
            <span className={a.doneAt ? "text-muted line-through" : ""}>{a.title}</span>
            <span className="text-xs text-muted">{t("owner", { owner: a.owner, due: dueDate.format(a.dueDate) })}</span>
          </li>
        ))}
      </ul>
      {canManage ? (
        <form
          className="no-print flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const f = new FormData(form);
            add.mutate(
              { id: v.id, title: String(f.get("title")), owner: String(f.get("owner")), dueDate: new Date(String(f.get("due"))) },
              { onSuccess: () => form.reset() },
            );
          }}
        >
          <label className="flex flex-1 flex-col gap-1 text-xs text-muted">
            {t("item")}
            <input name="title" className={inputClass} required />
          </label>
          <label className="flex flex-col gap-1 text-xs text-muted">
            {t("itemOwner")}
            <input name="owner" className={inputClass} required />
          </label>
          <label className="flex flex-col gap-1 text-xs text-muted">
            {t("due")}
            <input name="due" type="date" className={inputClass} required />
          </label>
          <Button type="submit">{t("add")}</Button>
        </form>
      ) : null}
    </section>
  );
}
