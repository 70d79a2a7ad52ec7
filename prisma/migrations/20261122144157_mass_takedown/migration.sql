-- CreateEnum
CREATE TYPE "BatchStatus" AS ENUM ('DRAFT', 'PENDING_APPROVAL', 'REJECTED', 'RUNNING', 'COMPLETED', 'CANCELLED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EnforcementKind" ADD VALUE 'BAN';
ALTER TYPE "EnforcementKind" ADD VALUE 'UNBAN';

-- DropForeignKey
ALTER TABLE "enforcement_actions" DROP CONSTRAINT "enforcement_actions_roomId_fkey";

-- AlterTable
ALTER TABLE "enforcement_actions" ALTER COLUMN "roomId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "takedown_batches" (
    "id" TEXT NOT NULL,
    "status" "BatchStatus" NOT NULL DEFAULT 'DRAFT',
    "createdById" TEXT NOT NULL,
    "createdByEmail" TEXT NOT NULL,
    "createdByRole" TEXT NOT NULL,
    "selectionKind" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "roomIds" TEXT[],
    "reason" TEXT,
    "banAccounts" BOOLEAN NOT NULL DEFAULT false,
    "endOtherRooms" BOOLEAN NOT NULL DEFAULT false,
    "requestedCount" INTEGER NOT NULL,
    "appliedCount" INTEGER NOT NULL DEFAULT 0,
    "bannedCount" INTEGER NOT NULL DEFAULT 0,
    "skipped" JSONB,
    "driftNote" TEXT,
    "approverId" TEXT,
    "approverEmail" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "cancelledByEmail" TEXT,
    "restoredCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMPTZ(3),
    "committedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "takedown_batches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "takedown_batches_status_createdAt_idx" ON "takedown_batches"("status", "createdAt");

-- CreateIndex
CREATE INDEX "takedown_batches_createdById_idx" ON "takedown_batches"("createdById");

-- AddForeignKey
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "live_rooms"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "takedown_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;
