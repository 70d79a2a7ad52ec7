-- CreateEnum
CREATE TYPE "EnforcementKind" AS ENUM ('TAKEDOWN', 'DISMISS', 'ESCALATE', 'RESTORE', 'REOPEN');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('NOT_REQUIRED', 'PENDING', 'SENT', 'FAILED', 'CANCELLED');

-- AlterTable
CREATE SEQUENCE live_rooms_version_seq;
ALTER TABLE "live_rooms" ADD COLUMN     "restoredAt" TIMESTAMPTZ(3),
ADD COLUMN     "reviewedByEmail" TEXT,
ADD COLUMN     "riskBase" DOUBLE PRECISION NOT NULL DEFAULT 0,
ALTER COLUMN "version" SET DEFAULT nextval('live_rooms_version_seq');
ALTER SEQUENCE live_rooms_version_seq OWNED BY "live_rooms"."version";

-- CreateTable
CREATE TABLE "ingest_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ingest_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flag_rate" (
    "second" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "flag_rate_pkey" PRIMARY KEY ("second")
);

-- CreateTable
CREATE TABLE "enforcement_actions" (
    "id" TEXT NOT NULL,
    "kind" "EnforcementKind" NOT NULL,
    "roomId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "reason" TEXT,
    "batchId" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "delivery" "DeliveryStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMPTZ(3),
    "viewersAtEnd" INTEGER,
    "flagToActionMs" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enforcement_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sim_platform_calls" (
    "id" BIGSERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "roomId" TEXT,
    "accountId" TEXT,
    "received" INTEGER NOT NULL DEFAULT 1,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sim_platform_calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sim_platform_ended" (
    "roomId" TEXT NOT NULL,
    "endedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sim_platform_ended_pkey" PRIMARY KEY ("roomId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ingest_tokens_tokenHash_key" ON "ingest_tokens"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "enforcement_actions_idempotencyKey_key" ON "enforcement_actions"("idempotencyKey");

-- CreateIndex
CREATE INDEX "enforcement_actions_roomId_idx" ON "enforcement_actions"("roomId");

-- CreateIndex
CREATE INDEX "enforcement_actions_batchId_idx" ON "enforcement_actions"("batchId");

-- CreateIndex
CREATE INDEX "enforcement_actions_delivery_idx" ON "enforcement_actions"("delivery");

-- CreateIndex
CREATE INDEX "enforcement_actions_createdAt_idx" ON "enforcement_actions"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "sim_platform_calls_idempotencyKey_key" ON "sim_platform_calls"("idempotencyKey");

-- CreateIndex
CREATE INDEX "sim_platform_calls_roomId_idx" ON "sim_platform_calls"("roomId");

-- CreateIndex
CREATE INDEX "platform_accounts_ip_idx" ON "platform_accounts"("ip");

-- AddForeignKey
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "live_rooms"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
