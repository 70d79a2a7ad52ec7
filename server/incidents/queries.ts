import { DomainError } from "../errors";
import type { IncidentDeps } from "./lifecycle";
import { incidentView } from "./report";

/** The latest incidents, newest first (the list page). */
export function listIncidents(deps: IncidentDeps) {
  return deps.db.incident.findMany({
    orderBy: { declaredAt: "desc" },
    take: 100,
    select: { id: true, number: true, title: true, severity: true, status: true, declaredAt: true, startedAt: true, resolvedAt: true, declaredByEmail: true },
  });
}

/** Everything the incident page shows, or NOT_FOUND. */
export async function getIncident(deps: IncidentDeps, id: string) {
  const v = await incidentView(deps.db, deps.pool, id);
  if (!v) throw new DomainError("NOT_FOUND", "No such incident");
  return v;
}

/** People who can hold incident roles. */
export function listPeople(deps: IncidentDeps) {
  return deps.db.user.findMany({ where: { deactivatedAt: null }, select: { id: true, email: true, name: true, role: true }, orderBy: { email: "asc" } });
}
