"use client";
import { useTranslations } from "use-intl";
import { Dialog } from "@/components/ui/dialog";

/** Each shortcut with the key of what it does (wall.help.keys.*). */
export const WALL_KEYS: [string, string][] = [
  ["j / k", "move"],
  ["x", "select"],
  ["Shift + x", "range"],
  ["t", "takedown"],
  ["d", "dismiss"],
  ["e", "escalate"],
  ["u", "undo"],
  ["Shift + t", "mass"],
  ["n", "reveal"],
  ["v", "blur"],
  ["c", "claim"],
  ["Shift + c", "claimNext"],
  ["m", "mine"],
  ["/", "search"],
  ["Esc", "clear"],
  ["?", "help"],
];

export function WallHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const t = useTranslations("wall.help");
  // i18n-keys: wall.help.keys.*
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t("title")} description={t("description")}>
      <table className="w-full text-sm">
        <tbody>
          {WALL_KEYS.map(([k, v]) => (
            <tr key={k} className="border-b border-line/60">
              <th scope="row" className="py-1.5 pr-4 text-left font-mono text-xs font-normal text-accent">
                {k}
              </th>
              <td className="py-1.5">{t(`keys.${v}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
