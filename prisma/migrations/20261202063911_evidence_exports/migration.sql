-- CreateEnum
CREATE TYPE "EvidenceExportStatus" AS ENUM ('RUNNING', 'READY', 'FAILED');

-- CreateTable
CREATE TABLE "evidence_exports" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "requestedByEmail" TEXT NOT NULL,
    "status" "EvidenceExportStatus" NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "steps" INTEGER NOT NULL,
    "stepLabel" TEXT NOT NULL DEFAULT '',
    "bytes" INTEGER,
    "zip" BYTEA,
    "manifest" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "evidence_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evidence_exports_incidentId_createdAt_idx" ON "evidence_exports"("incidentId", "createdAt");
