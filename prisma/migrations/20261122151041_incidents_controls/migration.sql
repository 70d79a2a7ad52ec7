-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('P0', 'P1', 'P2', 'P3');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('DECLARED', 'INVESTIGATING', 'CONTAINED', 'RESOLVED', 'IN_REVIEW', 'CLOSED');

-- CreateEnum
CREATE TYPE "IncidentRoleKind" AS ENUM ('COMMANDER', 'SCRIBE', 'COMMUNICATIONS', 'EXECUTIVE_SPONSOR');

-- CreateEnum
CREATE TYPE "ControlScopeKind" AS ENUM ('ALL', 'ACCOUNT_AGE', 'UNVERIFIED', 'CATEGORY', 'CLUSTER');

-- CreateEnum
CREATE TYPE "ControlMode" AS ENUM ('OPEN', 'THROTTLED', 'PAUSED', 'END_EXISTING');

-- CreateTable
CREATE TABLE "incidents" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'DECLARED',
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "detectedAt" TIMESTAMPTZ(3) NOT NULL,
    "declaredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "containedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "reviewStartedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "declaredById" TEXT NOT NULL,
    "declaredByEmail" TEXT NOT NULL,
    "alertId" TEXT,
    "review" JSONB,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_roles" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "role" "IncidentRoleKind" NOT NULL,
    "userId" TEXT NOT NULL,
    "userEmail" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "assignedBy" TEXT NOT NULL,

    CONSTRAINT "incident_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_timeline" (
    "id" BIGSERIAL NOT NULL,
    "incidentId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "actorEmail" TEXT,
    "text" TEXT NOT NULL,
    "data" JSONB,

    CONSTRAINT "incident_timeline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_status_updates" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "authorEmail" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "impact" TEXT NOT NULL,
    "nextSteps" TEXT NOT NULL,

    CONSTRAINT "incident_status_updates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_metrics" (
    "id" BIGSERIAL NOT NULL,
    "incidentId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "flagRate" DOUBLE PRECISION NOT NULL,
    "flaggedLive" INTEGER NOT NULL,
    "takedowns" INTEGER NOT NULL,
    "viewersOnFlagged" INTEGER NOT NULL,

    CONSTRAINT "incident_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_action_items" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "dueDate" TIMESTAMPTZ(3) NOT NULL,
    "doneAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_action_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "live_controls" (
    "id" TEXT NOT NULL,
    "scopeKind" "ControlScopeKind" NOT NULL,
    "scopeValue" TEXT NOT NULL DEFAULT '',
    "mode" "ControlMode" NOT NULL,
    "maxStartsPerMin" INTEGER,
    "restorePercent" INTEGER,
    "restorePlan" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "restoreHoldSec" INTEGER,
    "nextStageAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedByEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "live_controls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sim_platform_starts" (
    "id" BIGSERIAL NOT NULL,
    "roomId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "allowed" BOOLEAN NOT NULL,
    "reason" TEXT,
    "controlId" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sim_platform_starts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "incidents_number_key" ON "incidents"("number");

-- CreateIndex
CREATE INDEX "incidents_status_idx" ON "incidents"("status");

-- CreateIndex
CREATE INDEX "incident_roles_incidentId_role_idx" ON "incident_roles"("incidentId", "role");

-- CreateIndex
CREATE INDEX "incident_timeline_incidentId_at_idx" ON "incident_timeline"("incidentId", "at");

-- CreateIndex
CREATE INDEX "incident_status_updates_incidentId_at_idx" ON "incident_status_updates"("incidentId", "at");

-- CreateIndex
CREATE INDEX "incident_metrics_incidentId_at_idx" ON "incident_metrics"("incidentId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "live_controls_scopeKind_scopeValue_key" ON "live_controls"("scopeKind", "scopeValue");

-- CreateIndex
CREATE INDEX "sim_platform_starts_controlId_at_idx" ON "sim_platform_starts"("controlId", "at");

-- AddForeignKey
ALTER TABLE "incident_roles" ADD CONSTRAINT "incident_roles_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_status_updates" ADD CONSTRAINT "incident_status_updates_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_metrics" ADD CONSTRAINT "incident_metrics_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_action_items" ADD CONSTRAINT "incident_action_items_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
