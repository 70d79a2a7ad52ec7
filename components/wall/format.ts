import { LABEL_TEXT_PLAIN } from "@/server/contracts/policy";

// Numbers, times and durations on screen go through useFormat (components/ui/format.ts), in the
// reader's language and zone; labels on screen come from the wall catalog (wall.labels.*).

/** Labels in English, for what is recorded (a quick takedown's policy reason), not for screens. */
export const LABEL_TEXT: Record<string, string> = LABEL_TEXT_PLAIN;

/** Labels whose imagery is blurred until the reviewer chooses to see it. */
export const SENSITIVE_LABELS = new Set(["sexual", "violence", "minor_safety"]);
