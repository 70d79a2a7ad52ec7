"use client";
import { Dialog } from "@/components/ui/dialog";

export const WALL_KEYS: [string, string][] = [
  ["j / k", "Next / previous room"],
  ["x", "Select or unselect the focused room"],
  ["Shift + x", "Select the range from the last selected room"],
  ["t", "Take down the focused room (or the selection)"],
  ["d", "Dismiss (clear) — not a violation"],
  ["e", "Escalate to a shift lead"],
  ["u", "Undo your last action"],
  ["Shift + t", "Mass takedown: the selection, or everything matching the filter"],
  ["n", "Show the new rooms waiting behind the bar"],
  ["v", "Reveal or blur the focused room's picture"],
  ["c", "Claim the focused room (or the selection) so no one else acts on it; again to release"],
  ["Shift + c", "Claim the next 10 unclaimed rooms matching the filter"],
  ["m", "My queue: only the rooms you have claimed"],
  ["/", "Search by title, handle, display name, room or account id"],
  ["Esc", "Clear the selection"],
  ["?", "This help"],
];

export function WallHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="The wall works entirely from the keyboard.">
      <table className="w-full text-sm">
        <tbody>
          {WALL_KEYS.map(([k, v]) => (
            <tr key={k} className="border-b border-line/60">
              <th scope="row" className="py-1.5 pr-4 text-left font-mono text-xs font-normal text-accent">
                {k}
              </th>
              <td className="py-1.5">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
