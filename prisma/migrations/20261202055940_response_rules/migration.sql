-- CreateEnum
CREATE TYPE "RuleMode" AS ENUM ('OFF', 'SHADOW', 'ENFORCE');

-- CreateEnum
CREATE TYPE "RuleActionKind" AS ENUM ('RAISE_PRIORITY', 'FLAG_FOR_REVIEW', 'TAKE_DOWN', 'BAN_ACCOUNT', 'CONTAIN_CLUSTER', 'SET_CONTROL');

-- CreateEnum
CREATE TYPE "PlaybookRunStatus" AS ENUM ('PENDING', 'CANCELLED', 'RUNNING', 'DONE', 'FAILED', 'UNDONE');

-- AlterTable
ALTER TABLE "containment_orders" ADD COLUMN     "playbookRunId" TEXT,
ADD COLUMN     "ruleId" TEXT;

-- AlterTable
ALTER TABLE "enforcement_actions" ADD COLUMN     "ruleId" TEXT,
ADD COLUMN     "ruleVersion" INTEGER;

-- AlterTable
ALTER TABLE "live_rooms" ADD COLUMN     "ruleMarks" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "rules" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "expression" TEXT NOT NULL,
    "action" "RuleActionKind" NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "ceilingPerMin" INTEGER NOT NULL,
    "mode" "RuleMode" NOT NULL DEFAULT 'OFF',
    "enforceRequestedById" TEXT,
    "enforceRequestedEmail" TEXT,
    "enforceRequestedAt" TIMESTAMPTZ(3),
    "enforceApprovedBy" TEXT,
    "trippedAt" TIMESTAMPTZ(3),
    "trippedReason" TEXT,
    "createdById" TEXT NOT NULL,
    "createdByEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedByEmail" TEXT NOT NULL,

    CONSTRAINT "rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_versions" (
    "ruleId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "expression" TEXT NOT NULL,
    "action" "RuleActionKind" NOT NULL,
    "params" JSONB NOT NULL,
    "ceilingPerMin" INTEGER NOT NULL,
    "editedByEmail" TEXT NOT NULL,
    "editedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "rule_versions_pkey" PRIMARY KEY ("ruleId","version")
);

-- CreateTable
CREATE TABLE "rule_hits" (
    "id" BIGSERIAL NOT NULL,
    "ruleId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "mode" "RuleMode" NOT NULL,
    "roomId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "flagId" BIGINT,
    "label" TEXT,
    "score" DOUBLE PRECISION,
    "outcome" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_hits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "playbooks" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "vetoSeconds" INTEGER NOT NULL,
    "steps" JSONB NOT NULL,
    "armed" BOOLEAN NOT NULL DEFAULT false,
    "armRequestedById" TEXT,
    "armRequestedEmail" TEXT,
    "armRequestedAt" TIMESTAMPTZ(3),
    "armedById" TEXT,
    "armedByEmail" TEXT,
    "armedAt" TIMESTAMPTZ(3),
    "createdByEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedByEmail" TEXT NOT NULL,

    CONSTRAINT "playbooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "playbook_runs" (
    "id" TEXT NOT NULL,
    "playbookId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "status" "PlaybookRunStatus" NOT NULL,
    "steps" JSONB NOT NULL,
    "armedById" TEXT NOT NULL,
    "armedByEmail" TEXT NOT NULL,
    "fireAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledByEmail" TEXT,
    "cancelledAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "incidentId" TEXT,
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "playbook_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rules_name_key" ON "rules"("name");

-- CreateIndex
CREATE INDEX "rules_mode_idx" ON "rules"("mode");

-- CreateIndex
CREATE INDEX "rule_hits_ruleId_at_idx" ON "rule_hits"("ruleId", "at");

-- CreateIndex
CREATE INDEX "rule_hits_at_idx" ON "rule_hits"("at");

-- CreateIndex
CREATE UNIQUE INDEX "rule_hits_ruleId_version_mode_roomId_key" ON "rule_hits"("ruleId", "version", "mode", "roomId");

-- CreateIndex
CREATE UNIQUE INDEX "playbooks_name_key" ON "playbooks"("name");

-- CreateIndex
CREATE INDEX "playbook_runs_status_fireAt_idx" ON "playbook_runs"("status", "fireAt");

-- CreateIndex
CREATE UNIQUE INDEX "playbook_runs_playbookId_alertId_key" ON "playbook_runs"("playbookId", "alertId");

-- CreateIndex
CREATE INDEX "account_cluster_members_joinedAt_idx" ON "account_cluster_members"("joinedAt");

-- CreateIndex
CREATE INDEX "enforcement_actions_ruleId_createdAt_idx" ON "enforcement_actions"("ruleId", "createdAt");

-- AddForeignKey
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_hits" ADD CONSTRAINT "rule_hits_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "playbook_runs" ADD CONSTRAINT "playbook_runs_playbookId_fkey" FOREIGN KEY ("playbookId") REFERENCES "playbooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
