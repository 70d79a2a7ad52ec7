import type { FlagLabel } from "./ingest";

/** The policy reasons a takedown is recorded under (shown in dialogs, stored on batches and actions). */
export const POLICY_REASONS = [
  "Sexual content",
  "Child safety",
  "Violence or gore",
  "Illegal gambling",
  "Fraud or scam",
  "Hate",
  "Coordinated inauthentic behaviour (bot ring)",
  "Spam",
] as const;
export type PolicyReason = (typeof POLICY_REASONS)[number];

/** Each label in words. */
export const LABEL_TEXT_PLAIN: Record<FlagLabel, string> = {
  sexual: "Sexual",
  violence: "Violence",
  gambling: "Gambling",
  fraud: "Fraud",
  minor_safety: "Minor safety",
  hate: "Hate",
  spam: "Spam",
  fake_engagement: "Fake engagement",
  other: "Other",
};

/** The policy reason each label points to (none for labels that are not a reason on their own). */
const REASON_OF: Partial<Record<FlagLabel, PolicyReason>> = {
  minor_safety: "Child safety",
  sexual: "Sexual content",
  violence: "Violence or gore",
  hate: "Hate",
  fraud: "Fraud or scam",
  gambling: "Illegal gambling",
  spam: "Spam",
};

/**
 * The reason a selection suggests, or null when its labels do not make one obvious (the person
 * must choose). A ring is coordinated inauthentic behaviour whatever it streams; otherwise the
 * most frequent label decides, the gravest first among equals (labels come most frequent first).
 */
export function suggestReason(labelsByFrequency: string[], o: { ring?: boolean } = {}): PolicyReason | null {
  if (o.ring) return "Coordinated inauthentic behaviour (bot ring)";
  for (const l of labelsByFrequency) {
    const r = REASON_OF[l as FlagLabel];
    if (r) return r;
  }
  return null;
}
