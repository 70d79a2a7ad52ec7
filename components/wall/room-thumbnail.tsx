import Image from "next/image";
import { memo } from "react";
import { useTranslations } from "use-intl";
import { SENSITIVE_LABELS } from "./format";

/** A deterministic colour from the room id, so placeholders tell rooms apart at a glance. */
function hue(id: string) {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 360;
}

/**
 * The room's picture. Images load only from hosts the operator allowed (others could track
 * moderators or carry exploits); otherwise a generated placeholder. Sexual and violent rooms
 * are blurred until revealed (hover, or v on the focused card).
 */
export const RoomThumbnail = memo(function RoomThumbnail({
  id,
  url,
  labels,
  revealed,
  allowedHosts,
}: {
  id: string;
  url: string | null;
  labels: string[];
  revealed: boolean;
  allowedHosts: string[];
}) {
  const t = useTranslations("wall.card");
  const sensitive = labels.some((l) => SENSITIVE_LABELS.has(l));
  let src: string | null = null;
  if (url) {
    try {
      const u = new URL(url);
      if ((u.protocol === "https:" || u.protocol === "http:") && allowedHosts.includes(u.host)) src = u.toString();
    } catch {
      src = null;
    }
  }
  const h = hue(id);
  const blur = sensitive && !revealed;
  return (
    <div
      className="group/thumb relative h-[68px] w-[120px] shrink-0 overflow-hidden rounded bg-panel-2"
      style={{ background: src ? undefined : `linear-gradient(135deg, hsl(${h} 45% 28%), hsl(${(h + 60) % 360} 45% 18%))` }}
    >
      {src ? (
        // Hosts are the operator's runtime allow-list, so the picture is loaded as is (no optimizer).
        <Image
          src={src}
          alt=""
          fill
          unoptimized
          referrerPolicy="no-referrer"
          loading="lazy"
          className={`h-full w-full object-cover ${blur ? "blur-lg group-hover/thumb:blur-none" : ""}`}
        />
      ) : (
        <div
          aria-hidden="true"
          className={`flex h-full w-full items-center justify-center text-[10px] uppercase tracking-wide text-ink/60 ${blur ? "blur-[3px] group-hover/thumb:blur-none" : ""}`}
        >
          {t("noImage")}
        </div>
      )}
      {blur ? (
        <span className="pointer-events-none absolute bottom-0.5 right-0.5 rounded bg-bg/80 px-1 text-[10px] text-muted group-hover/thumb:hidden">
          {t("blurred")}
        </span>
      ) : null}
    </div>
  );
});
