"use client";
import { useEffect, useRef } from "react";
import { useHotkeys } from "react-hotkeys-hook";

export interface WallKeyActions {
  move(d: number): void;
  toggleSelect(range: boolean): void;
  act(kind: "TAKEDOWN" | "DISMISS" | "ESCALATE"): void;
  undo(): void;
  reveal(): void;
  toggleBlur(): void;
  clearSelection(): void;
  openMass(): void;
  openHelp(): void;
  claim(): void;
  toggleMine(): void;
  claimNext(): void;
}

/** The wall's keys (listed by `?`): j/k move, x/Shift+x select, t/d/e decide, u undo, n new, v reveal, Shift+T mass takedown, c claim, Shift+C claim next, m my queue, / search. */
export function useWallHotkeys(actions: WallKeyActions) {
  // Bound once; each key calls the latest actions (they change with the rooms and selection).
  const ref = useRef(actions);
  ref.current = actions;
  useHotkeys("j", () => ref.current.move(1), []);
  useHotkeys("k", () => ref.current.move(-1), []);
  useHotkeys("x", () => ref.current.toggleSelect(false), []);
  useHotkeys("shift+x", () => ref.current.toggleSelect(true), []);
  useHotkeys("t", () => ref.current.act("TAKEDOWN"), []);
  useHotkeys("d", () => ref.current.act("DISMISS"), []);
  useHotkeys("e", () => ref.current.act("ESCALATE"), []);
  useHotkeys("u", () => ref.current.undo(), []);
  useHotkeys("n", () => ref.current.reveal(), []);
  useHotkeys("v", () => ref.current.toggleBlur(), []);
  useHotkeys("escape", () => ref.current.clearSelection(), []);
  useHotkeys("shift+t", () => ref.current.openMass(), []);
  useHotkeys("c", () => ref.current.claim(), []);
  useHotkeys("shift+c", () => ref.current.claimNext(), []);
  useHotkeys("m", () => ref.current.toggleMine(), []);
  // "?" is Shift+/ on most layouts and other keys elsewhere: match the produced character.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === "?" && !(t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName)))) ref.current.openHelp();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
