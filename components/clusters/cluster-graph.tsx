"use client";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";

const MAX_ACCOUNTS = 2500;
const KIND_COLOR: Record<string, string> = { device: "#ff6b6b", phone: "#f5b544", net: "#5cb0ff", burst: "#b68cff" };

/**
 * Accounts and the signals they share, drawn with WebGL (sigma). Signal hubs sit on a circle and
 * each account sits near the hubs it shares, a layout computed in one linear pass (no
 * iterative force layout blocking the page). Very large clusters show a sample of accounts.
 */
export function ClusterGraph({ members, edges }: { members: { id: string; handle: string }[]; edges: [string, string][] }) {
  const t = useTranslations("clusters.graph");
  const ref = useRef<HTMLDivElement>(null);
  // What to say instead of the legend (no WebGL, or a sample), as a message key and its values.
  const [note, setNote] = useState<{ key: "noWebgl" | "sample"; shown?: number; total?: number } | null>(null);

  useEffect(() => {
    let disposed = false;
    let renderer: { kill(): void } | null = null;
    (async () => {
      const [{ default: Graph }, { default: Sigma }] = await Promise.all([import("graphology"), import("sigma")]);
      if (disposed || !ref.current) return;
      const sample = members.length > MAX_ACCOUNTS ? members.filter((_, i) => i % Math.ceil(members.length / MAX_ACCOUNTS) === 0) : members;
      const keep = new Set(sample.map((m) => m.id));
      const keys = [...new Set(edges.map((e) => e[1]))];
      const g = new Graph();
      keys.forEach((k, i) => {
        const a = (2 * Math.PI * i) / Math.max(1, keys.length);
        const kind = k.split(":")[0];
        g.addNode(`k:${k}`, {
          x: Math.cos(a) * 100,
          y: Math.sin(a) * 100,
          size: 7,
          color: KIND_COLOR[kind] ?? "#9fb0c0",
          label: k.length > 40 ? `${k.slice(0, 40)}…` : k,
        });
      });
      const hubsOf = new Map<string, string[]>();
      for (const [acc, key] of edges) if (keep.has(acc)) hubsOf.set(acc, [...(hubsOf.get(acc) ?? []), key]);
      let seed = 1;
      const rand = () => {
        seed = (seed * 16807) % 2147483647;
        return (seed / 2147483647 - 0.5) * 18;
      };
      for (const m of sample) {
        const hubs = hubsOf.get(m.id) ?? [];
        let x = 0;
        let y = 0;
        for (const h of hubs) {
          x += g.getNodeAttribute(`k:${h}`, "x");
          y += g.getNodeAttribute(`k:${h}`, "y");
        }
        const n = Math.max(1, hubs.length);
        g.addNode(`a:${m.id}`, { x: (x / n) * 0.7 + rand(), y: (y / n) * 0.7 + rand(), size: 2, color: "#9fb0c0", label: `@${m.handle}` });
        for (const h of hubs) g.addEdge(`a:${m.id}`, `k:${h}`, { color: "#263241", size: 0.5 });
      }
      try {
        renderer = new Sigma(g, ref.current, {
          renderLabels: true,
          labelRenderedSizeThreshold: 6,
          labelColor: { color: "#e6edf3" },
          defaultEdgeColor: "#263241",
        });
      } catch {
        setNote({ key: "noWebgl" });
        return;
      }
      setNote(members.length > sample.length ? { key: "sample", shown: sample.length, total: members.length } : null);
    })();
    return () => {
      disposed = true;
      renderer?.kill();
    };
  }, [members, edges]);

  return (
    <figure className="flex flex-col gap-1">
      <div
        ref={ref}
        role="img"
        aria-label={t("label", { n: members.length })}
        className="h-[420px] w-full rounded border border-line bg-bg"
        data-testid="cluster-graph"
      />
      <figcaption className="text-xs text-muted">
        {note?.key === "noWebgl" ? t("noWebgl") : note?.key === "sample" ? t("sample", { shown: note.shown ?? 0, total: note.total ?? 0 }) : t("legend")}
      </figcaption>
    </figure>
  );
}
