"use client";
import { useEffect, useRef, useState } from "react";
import { FLAG_LABELS, FLAG_SOURCES } from "@/server/contracts/ingest";
import type { WallFilter } from "@/server/contracts/wall";
import { useTranslations } from "use-intl";

const select = "rounded border border-line bg-bg px-1.5 py-1 text-xs";

export function WallFilters({ filter, onChange }: { filter: WallFilter; onChange: (f: WallFilter) => void }) {
  const t = useTranslations("wall");
  // i18n-keys: wall.labels.*
  // i18n-keys: wall.sources.*
  const toggleLabel = (l: (typeof FLAG_LABELS)[number]) =>
    onChange({ ...filter, labels: filter.labels.includes(l) ? filter.labels.filter((x) => x !== l) : [...filter.labels, l] });
  return (
    <form aria-label={t("filters.label")} className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs" onSubmit={(e) => e.preventDefault()}>
      <SearchBox value={filter.q} onChange={(q) => onChange({ ...filter, q })} />
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="sr-only">{t("filters.labels")}</legend>
        {FLAG_LABELS.map((l) => {
          const on = filter.labels.includes(l);
          return (
            <button
              key={l}
              type="button"
              aria-pressed={on}
              onClick={() => toggleLabel(l)}
              className={`rounded-full border px-2 py-0.5 ${on ? "border-accent bg-accent/15 text-ink" : "border-line text-muted hover:text-ink"}`}
            >
              {t(`labels.${l}`)}
            </button>
          );
        })}
      </fieldset>
      <label className="flex items-center gap-1 text-muted">
        {t("filters.minScore")}
        <select className={select} value={filter.minScore} onChange={(e) => onChange({ ...filter, minScore: Number(e.target.value) })}>
          {[0, 0.5, 0.7, 0.8, 0.9].map((v) => (
            <option key={v} value={v}>
              {v === 0 ? t("filters.any") : t("filters.atLeast", { v })}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 text-muted">
        {t("filters.accountAge")}
        <select
          className={select}
          value={filter.maxAccountAgeDays ?? ""}
          onChange={(e) => onChange({ ...filter, maxAccountAgeDays: e.target.value === "" ? null : Number(e.target.value) })}
        >
          <option value="">{t("filters.any")}</option>
          {[1, 7, 30].map((n) => (
            <option key={n} value={String(n)}>
              {t("filters.underDays", { n })}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 text-muted">
        {t("filters.source")}
        <select
          className={select}
          value={filter.sources[0] ?? ""}
          onChange={(e) => onChange({ ...filter, sources: e.target.value ? [e.target.value as (typeof FLAG_SOURCES)[number]] : [] })}
        >
          <option value="">{t("filters.any")}</option>
          {FLAG_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`sources.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 text-muted">
        <input type="checkbox" checked={filter.unverifiedOnly} onChange={(e) => onChange({ ...filter, unverifiedOnly: e.target.checked })} />
        {t("filters.unverifiedOnly")}
      </label>
      {filter.clusterId ? (
        <button
          type="button"
          onClick={() => onChange({ ...filter, clusterId: null })}
          className="rounded-full border border-accent bg-accent/15 px-2 py-0.5 text-ink"
          aria-label={t("filters.removeCluster", { id: filter.clusterId })}
        >
          {t("filters.cluster", { id: filter.clusterId })}
        </button>
      ) : null}
      <label className="flex items-center gap-1 text-muted">
        <input type="checkbox" checked={filter.escalatedOnly} onChange={(e) => onChange({ ...filter, escalatedOnly: e.target.checked })} />
        {t("filters.escalatedOnly")}
      </label>
    </form>
  );
}

/** Free-text search (title, handle, display name, room or account id); "/" focuses it, Escape leaves it. Applied 300 ms after typing stops. */
function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const tf = useTranslations("wall.filters");
  const [text, setText] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => latest.current(text.trim().slice(0, 100)), 300);
    return () => clearTimeout(timer);
  }, [text, value]);
  // "/" is matched by the character it produces (layouts differ), never while typing elsewhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <label className="flex items-center gap-1 text-muted">
      <span className="sr-only">{tf("search")}</span>
      <input
        ref={input}
        type="search"
        value={text}
        maxLength={100}
        placeholder={tf("searchPlaceholder")}
        aria-keyshortcuts="/"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") input.current?.blur();
        }}
        className="w-56 rounded border border-line bg-bg px-2 py-1 text-xs text-ink placeholder:text-muted/70"
        data-testid="wall-search"
      />
    </label>
  );
}
