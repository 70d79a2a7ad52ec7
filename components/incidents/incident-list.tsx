"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { SeverityBadge, StatusBadge } from "./badges";
import { DeclareDialog } from "./declare-dialog";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";

export function IncidentList({ canManage }: { canManage: boolean }) {
  const t = useTranslations("incidents");
  const f = useFormat();
  const trpc = useTRPC();
  const list = useQuery(trpc.incidents.list.queryOptions());
  const [declare, setDeclare] = useState(false);
  return (
    <div className="mx-auto w-full max-w-6xl p-6">
      <div className="flex items-center">
        <h1 className="text-lg font-semibold">{t("title")}</h1>
        {canManage ? (
          <Button className="ml-auto" variant="danger" onClick={() => setDeclare(true)}>
            {t("declareButton")}
          </Button>
        ) : null}
      </div>
      <table className="mt-4 w-full text-sm">
        <caption className="sr-only">{t("listCaption")}</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            {(["number", "severity", "title", "status", "declared", "by", "resolved"] as const).map((h) => (
              <th key={h} scope="col" className="py-2 pr-3 font-medium">
                {/* i18n-keys: incidents.col.* */}
                {t(`col.${h}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.data?.map((i) => (
            <tr key={i.id} className="border-b border-line/60 hover:bg-panel" data-testid="incident-row">
              <td className="tabular py-2 pr-3">{i.number}</td>
              <td className="py-2 pr-3">
                <SeverityBadge severity={i.severity} />
              </td>
              <td className="py-2 pr-3">
                <Link href={`/incidents/${i.id}`} className="text-accent hover:underline">
                  {i.title}
                </Link>
              </td>
              <td className="py-2 pr-3">
                <StatusBadge status={i.status} />
              </td>
              <td className="py-2 pr-3 text-muted">{f.dateTime(i.declaredAt.getTime())}</td>
              <td className="py-2 pr-3 text-muted">{i.declaredByEmail}</td>
              <td className="py-2 pr-3 text-muted">{i.resolvedAt ? f.dateTime(i.resolvedAt.getTime()) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 ? <p className="mt-4 text-sm text-muted">{t("none")}</p> : null}
      <DeclareDialog open={declare} onOpenChange={setDeclare} />
    </div>
  );
}
