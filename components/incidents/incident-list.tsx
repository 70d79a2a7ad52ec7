"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { SeverityBadge, StatusBadge } from "./badges";
import { DeclareDialog } from "./declare-dialog";
import { fmtDateTime } from "@/components/ui/format";

export function IncidentList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.incidents.list.queryOptions());
  const [declare, setDeclare] = useState(false);
  return (
    <div className="mx-auto w-full max-w-6xl p-6">
      <div className="flex items-center">
        <h1 className="text-lg font-semibold">Incidents</h1>
        {canManage ? (
          <Button className="ml-auto" variant="danger" onClick={() => setDeclare(true)}>
            Declare incident
          </Button>
        ) : null}
      </div>
      <table className="mt-4 w-full text-sm">
        <caption className="sr-only">Incidents, newest first</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            {["#", "Severity", "Title", "Status", "Declared", "By", "Resolved"].map((h) => (
              <th key={h} scope="col" className="py-2 pr-3 font-medium">
                {h}
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
              <td className="py-2 pr-3 text-muted">{fmtDateTime(i.declaredAt.getTime())}</td>
              <td className="py-2 pr-3 text-muted">{i.declaredByEmail}</td>
              <td className="py-2 pr-3 text-muted">{i.resolvedAt ? fmtDateTime(i.resolvedAt.getTime()) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 ? <p className="mt-4 text-sm text-muted">No incidents.</p> : null}
      <DeclareDialog open={declare} onOpenChange={setDeclare} />
    </div>
  );
}
