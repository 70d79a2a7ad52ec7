"use client";
import { useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";
import { parseWaveReason } from "@/server/contracts/alerts";
import type { SignalExplanation } from "@/server/clusters/cluster-stats";

/**
 * Why an alert fired and why accounts are linked, in the reader's language. Both are recorded in
 * English with their facts; device ids, networks and handle patterns come from the platform's
 * data (attacker-influenced) and are passed as values, never as messages. A sentence this version
 * cannot read is shown as recorded.
 */
export function useReasonText() {
  const t = useTranslations("clusters");
  const f = useFormat();
  const wave = (text: string) => {
    const r = parseWaveReason(text);
    if (!r) return text;
    return r.kind === "rate"
      ? t("reasons.rate", { rate: r.rate, factor: r.factor, baseline: r.baseline })
      : t("reasons.growth", { clusters: r.clusters, accounts: r.accounts });
  };
  const signal = (s: SignalExplanation) => {
    const value = s.key.split(":").slice(1).join(":");
    switch (s.kind) {
      case "device":
        return t("signals.device", { n: s.count, value: value.slice(0, 6) });
      case "phone":
        return t("signals.phone", { n: s.count, value: value.slice(0, 6) });
      case "net":
        return t("signals.net", { n: s.count, value });
      default: {
        if (s.first === undefined || s.last === undefined) return s.label;
        const pattern = s.key.split(":").slice(1, -1).join(":").replace(/#/g, "NNNN");
        return t("signals.burst", { n: s.count, from: f.time(s.first), to: f.time(s.last), pattern });
      }
    }
  };
  return { wave, signal };
}
