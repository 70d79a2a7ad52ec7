"use client";
import { useEffect, useRef, useState } from "react";
import { FLAG_LABELS, FLAG_SOURCES } from "@/server/contracts/ingest";
import type { WallFilter } from "@/server/contracts/wall";
import { LABEL_TEXT } from "./format";

const select = "rounded border border-line bg-bg px-1.5 py-1 text-xs";

export function WallFilters({ filter, onChange }: { filter: WallFilter; onChange: (f: WallFilter) => void }) {
  const toggleLabel = (l: (typeof FLAG_LABELS)[number]) =>
    onChange({ ...filter, labels: filter.labels.includes(l) ? filter.labels.filter((x) => x !== l) : [...filter.labels, l] });
  return (
    <form aria-label="Wall filters" className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs" onSubmit={(e) => e.preventDefault()}>
      <SearchBox value={filter.q} onChange={(q) => onChange({ ...filter, q })} />
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="sr-only">Labels</legend>
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
              {LABEL_TEXT[l]}
            </button>
          );
        })}
      </fieldset>
      <label className="flex items-center gap-1 text-muted">
        Min score
        <select className={select} value={filter.minScore} onChange={(e) => onChange({ ...filter, minScore: Number(e.target.value) })}>
          {[0, 0.5, 0.7, 0.8, 0.9].map((v) => (
            <option key={v} value={v}>
              {v === 0 ? "any" : `≥ ${v}`}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 text-muted">
        Account age
        <select
          className={select}
          value={filter.maxAccountAgeDays ?? ""}
          onChange={(e) => onChange({ ...filter, maxAccountAgeDays: e.target.value === "" ? null : Number(e.target.value) })}
        >
          <option value="">any</option>
          <option value="1">&lt; 1 day</option>
          <option value="7">&lt; 7 days</option>
          <option value="30">&lt; 30 days</option>
        </select>
      </label>
      <label className="flex items-center gap-1 text-muted">
        Source
        <select
          className={select}
          value={filter.sources[0] ?? ""}
          onChange={(e) => onChange({ ...filter, sources: e.target.value ? [e.target.value as (typeof FLAG_SOURCES)[number]] : [] })}
        >
          <option value="">any</option>
          {FLAG_SOURCES.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 text-muted">
        <input type="checkbox" checked={filter.unverifiedOnly} onChange={(e) => onChange({ ...filter, unverifiedOnly: e.target.checked })} />
        Unverified only
      </label>
      {filter.clusterId ? (
        <button
          type="button"
          onClick={() => onChange({ ...filter, clusterId: null })}
          className="rounded-full border border-accent bg-accent/15 px-2 py-0.5 text-ink"
          aria-label={`Remove cluster filter ${filter.clusterId}`}
        >
          Cluster {filter.clusterId} ✕
        </button>
      ) : null}
      <label className="flex items-center gap-1 text-muted">
        <input type="checkbox" checked={filter.escalatedOnly} onChange={(e) => onChange({ ...filter, escalatedOnly: e.target.checked })} />
        Escalated only
      </label>
    </form>
  );
}

/** Free-text search (title, handle, display name, room or account id); "/" focuses it, Escape leaves it. Applied 300 ms after typing stops. */
function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const t = setTimeout(() => latest.current(text.trim().slice(0, 100)), 300);
    return () => clearTimeout(t);
  }, [text, value]);
  // "/" is matched by the character it produces (layouts differ), never while typing elsewhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <label className="flex items-center gap-1 text-muted">
      <span className="sr-only">Search rooms</span>
      <input
        ref={input}
        type="search"
        value={text}
        maxLength={100}
        placeholder="Search title, handle, id… (/)"
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
