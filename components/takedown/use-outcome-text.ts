"use client";
import { useTranslations } from "use-intl";
import { parseDriftNote } from "@/server/contracts/takedown";

/** The server's recorded words for a room left out ("already taken down", "claimed by Mia") → catalog keys. */
const WHY: Record<string, string> = {
  "unknown room": "unknownRoom",
  "already taken down": "alreadyTakenDown",
  "taken down": "takenDown",
  "stream already ended": "streamEnded",
  "not taken down": "notTakenDown",
  "already open": "alreadyOpen",
  "already escalated": "alreadyEscalated",
  "already dismissed": "alreadyDismissed",
  "already actioned": "alreadyActioned",
};

/**
 * What a takedown recorded about itself, in the reader's language: why a room was left out, and
 * how the selection drifted between preview and confirm. Both are recorded in English (the audit
 * record); a sentence this version does not know is shown as recorded.
 */
export function useOutcomeText() {
  const t = useTranslations("takedown.outcome");
  // i18n-keys: takedown.outcome.why.*
  const why = (text: string) => {
    if (WHY[text]) return t(`why.${WHY[text]}`);
    const claimed = /^claimed by (.+)$/.exec(text);
    return claimed ? t("claimedBy", { name: claimed[1] }) : text;
  };
  const drift = (note: string) => {
    const d = parseDriftNote(note);
    return d ? t("drift", { added: d.added, gone: d.gone, used: d.used }) : note;
  };
  return { why, drift };
}
