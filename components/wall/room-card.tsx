import { memo } from "react";
import { useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";
import type { WallRoom } from "@/server/contracts/wall";
import { Badge } from "@/components/ui/badge";
import { RoomThumbnail } from "./room-thumbnail";

export interface RoomCardProps {
  room: WallRoom;
  focused: boolean;
  selected: boolean;
  revealed: boolean;
  now: number;
  allowedHosts: string[];
  canAct: boolean;
  /** By room id, not position: a card keeps its props (and is not rendered again) when cards
   * before it leave the wall. */
  onFocus: (roomId: string) => void;
  onToggleSelect: (roomId: string, range: boolean) => void;
  onAct: (kind: "TAKEDOWN" | "DISMISS" | "ESCALATE", ids: string[]) => void;
  /** The signed-in user (their own claims read "yours"). */
  meId: string;
  /** Other people who have this room focused right now. */
  viewers?: readonly string[];
}

const DAY = 86_400_000;

/**
 * One flagged room. Title, handle and evidence are attacker-written: React renders them as
 * text only, and `.untrusted` isolates their direction and wraps any length.
 */
export const RoomCard = memo(function RoomCard(p: RoomCardProps) {
  const t = useTranslations("wall");
  const f = useFormat();
  // i18n-keys: wall.labels.*
  const label = (l: string) => t(`labels.${l}`);
  const r = p.room;
  const ageDays = Math.floor((p.now - r.registeredAt) / DAY);
  const riskPct = Math.round(r.risk * 100);
  const tone = riskPct >= 85 ? "text-danger" : riskPct >= 60 ? "text-warn" : "text-muted";
  const theirs = !!r.claimedBy && r.claimedBy.id !== p.meId;
  return (
    <article
      id={`room-${r.id}`}
      data-testid="room-card"
      data-room-id={r.id}
      tabIndex={p.focused ? 0 : -1}
      aria-label={t("card.aria", { risk: riskPct, labels: r.labels.map(label).join(", "), flags: r.flagCount, handle: r.handle, title: r.title })}
      // A click on the card (not on one of its controls) makes it the wall's current room. From
      // the keyboard, focusing the card does (Tab, or j/k, which move DOM focus to it), and so
      // does Enter on the card itself; the room's actions are the page's shortcuts (t/d/e/x/v).
      onFocus={() => p.onFocus(r.id)}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("button, input, a")) return;
        p.onFocus(r.id);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && e.target === e.currentTarget) p.onFocus(r.id);
      }}
      className={`flex h-full flex-col gap-1.5 rounded-md border bg-panel p-2 outline-none ${
        p.focused ? "border-accent ring-1 ring-accent" : p.selected ? "border-accent/60" : "border-line"
      } ${p.selected ? "bg-accent/5" : ""}`}
    >
      <div className="flex gap-2">
        <RoomThumbnail id={r.id} url={r.thumbnailUrl} labels={r.labels} revealed={p.revealed} allowedHosts={p.allowedHosts} />
        <div className="min-w-0 flex-1">
          <div className="flex items-start gap-1">
            <p className="untrusted line-clamp-2 flex-1 text-[13px] font-medium leading-4" title={r.title.slice(0, 300)}>
              {r.title}
            </p>
            <span className={`tabular text-sm font-semibold ${tone}`} title={t("card.risk")}>
              {riskPct}
            </span>
          </div>
          <p className="untrusted mt-0.5 truncate text-xs text-muted">@{r.handle}</p>
          <div className="mt-1 flex flex-wrap gap-1">
            {r.review === "ESCALATED" ? <Badge tone="warn">{t("card.escalated")}</Badge> : null}
            {r.restoredAt ? <Badge tone="ok">{t("card.restored")}</Badge> : null}
            {r.ruleMarks.length ? <RuleMark marks={r.ruleMarks} /> : null}
            {r.labels
              .filter((l) => l !== "fake_engagement")
              .slice(0, 3)
              .map((l) => (
                <Badge key={l} tone={l === "spam" || l === "other" ? "neutral" : "danger"}>
                  {label(l)}
                </Badge>
              ))}
          </div>
        </div>
      </div>
      <p className="untrusted line-clamp-1 text-[11px] leading-4 text-muted" title={r.evidenceText?.slice(0, 300) ?? undefined}>
        {r.evidenceText ?? "\u00a0"}
      </p>
      <dl className="tabular mt-auto grid grid-cols-5 gap-1 text-[11px] leading-4">
        <Stat label={t("card.score")} value={r.maxScore.toFixed(2)} />
        <Stat label={t("card.flags")} value={f.compact(r.flagCount)} />
        <Stat label={t("card.viewers")} value={f.compact(r.viewerCount)} />
        <Stat label={t("card.acctAge")} value={ageDays < 1 ? t("card.ageUnderDay") : t("card.ageDays", { d: ageDays })} warn={ageDays < 7} />
        <Stat label={t("card.flagged")} value={f.ago(r.firstFlaggedAt, p.now)} />
      </dl>
      <div className="flex items-center gap-1 whitespace-nowrap">
        {/* One line of signals, most telling first: a badge that does not fit wraps onto a hidden
            second line instead of being cut mid-word. */}
        <div className="flex h-5 min-w-0 flex-1 flex-wrap gap-1 overflow-hidden">
          {r.clusterId ? (
            <a
              href={`/clusters/${r.clusterId}`}
              tabIndex={p.focused ? 0 : -1}
              data-testid="cluster-badge"
              title={t("card.clusterTitle", { id: r.clusterId, size: r.clusterSize ?? "?" })}
              className="rounded border border-[#b68cff]/50 bg-[#b68cff]/10 px-1.5 py-px text-[11px] font-medium leading-4 text-[#cdb4ff] hover:bg-[#b68cff]/25"
            >
              {t("card.ring", { size: r.clusterSize ?? "?" })}
            </a>
          ) : null}
          {r.fakeEngagement ? (
            <Badge tone="danger" title={t("card.fakeEngTitle")}>
              {t("card.fakeEng")}
            </Badge>
          ) : null}
          {r.deviceReuse > 0 ? (
            <Badge tone="warn" title={t("card.deviceTitle")}>
              {t("card.device", { n: r.deviceReuse + 1 })}
            </Badge>
          ) : null}
          {r.ipReuse > 0 ? (
            <Badge tone="neutral" title={t("card.ipTitle")}>
              {t("card.ip", { n: r.ipReuse + 1 })}
            </Badge>
          ) : null}
          <Badge tone={r.verified ? "ok" : "warn"}>{r.verified ? t("card.verified") : t("card.unverified")}</Badge>
        </div>
        <Presence room={r} meId={p.meId} viewers={p.viewers} />
        <label className="flex items-center gap-1 text-[11px] text-muted">
          <input
            type="checkbox"
            checked={p.selected}
            tabIndex={p.focused ? 0 : -1}
            onChange={(e) => p.onToggleSelect(r.id, (e.nativeEvent as MouseEvent).shiftKey)}
            className="h-3.5 w-3.5 accent-[var(--color-accent)]"
          />
          <span className="sr-only">{t("card.select", { handle: r.handle })}</span>
        </label>
        {p.canAct ? (
          <>
            <CardButton
              label={t("card.takeDown")}
              shortcut="t"
              tone="danger"
              tabbable={p.focused}
              disabled={theirs}
              onClick={() => p.onAct("TAKEDOWN", [r.id])}
            />
            <CardButton label={t("card.dismiss")} shortcut="d" tabbable={p.focused} disabled={theirs} onClick={() => p.onAct("DISMISS", [r.id])} />
            <CardButton label={t("card.escalate")} shortcut="e" tabbable={p.focused} disabled={theirs} onClick={() => p.onAct("ESCALATE", [r.id])} />
          </>
        ) : null}
      </div>
    </article>
  );
});

function Stat({ label, value, warn }: { label: string; value: string; warn?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-[10px] text-muted">{label}</dt>
      <dd className={warn ? "text-warn" : "text-ink"}>{value}</dd>
    </div>
  );
}

// Only the focused card's buttons are in the tab order (roving focus); the rest use shortcuts.
function CardButton({
  label,
  shortcut,
  onClick,
  tone,
  tabbable,
  disabled,
}: {
  label: string;
  shortcut: string;
  onClick: () => void;
  tone?: "danger";
  tabbable: boolean;
  disabled?: boolean;
}) {
  const t = useTranslations("wall");
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      tabIndex={tabbable ? 0 : -1}
      aria-keyshortcuts={shortcut}
      title={t("card.buttonTitle", { label, key: shortcut })}
      className={`rounded border px-1.5 py-0.5 text-[11px] disabled:cursor-not-allowed disabled:opacity-40 ${tone === "danger" ? "border-danger/50 text-danger hover:bg-danger-bg" : "border-line text-muted hover:text-ink"}`}
    >
      {label}
    </button>
  );
}

/** Which response rules held on the room: enforcing ones acted, shadow ones only recorded. */
function RuleMark({ marks }: { marks: string[] }) {
  const t = useTranslations("wall");
  const parsed = marks.map((m) => {
    const i = m.indexOf(":");
    return { enforce: m.slice(0, i) === "enforce", name: m.slice(i + 1) };
  });
  const enforcing = parsed.some((p) => p.enforce);
  const text = parsed.map((p) => t("card.ruleOne", { name: p.name, mode: p.enforce ? t("card.ruleEnforcing") : t("card.ruleShadow") })).join("; ");
  return (
    <span data-testid="rule-mark" title={t("card.rulesTitle", { text })}>
      <Badge tone={enforcing ? "danger" : "accent"}>
        {enforcing ? t("card.rule") : t("card.ruleShadowBadge")}
        {parsed.length > 1 ? ` ×${parsed.length}` : ""}
      </Badge>
      <span className="sr-only">{t("card.rulesSr", { text })}</span>
    </span>
  );
}

/** Who is handling (claimed) or looking at the room: two people never work the same room unknowingly. */
function Presence({ room, meId, viewers }: { room: WallRoom; meId: string; viewers?: readonly string[] }) {
  const t = useTranslations("wall");
  const c = room.claimedBy;
  return (
    <>
      {c ? (
        <span data-testid="claim" data-mine={c.id === meId}>
          <Badge tone={c.id === meId ? "accent" : "warn"} title={c.id === meId ? t("card.youHandle") : t("card.otherHandles", { name: c.name })}>
            {c.id === meId ? t("card.yours") : t("card.hasIt", { name: c.name.split(" ")[0] })}
          </Badge>
        </span>
      ) : null}
      {viewers?.length ? (
        <span data-testid="viewers" title={t("card.lookingTitle", { names: viewers.join(", ") })}>
          <Badge tone="neutral">
            <span aria-hidden="true">◉</span>&nbsp;{viewers.length === 1 ? viewers[0].split(" ")[0] : t("card.looking", { n: viewers.length })}
          </Badge>
          <span className="sr-only">{t("card.alsoLooking", { names: viewers.join(", ") })}</span>
        </span>
      ) : null}
    </>
  );
}
