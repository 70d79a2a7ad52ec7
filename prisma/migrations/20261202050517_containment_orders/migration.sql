-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('PENDING_APPROVAL', 'ACTIVE', 'REJECTED', 'LIFTED');

-- AlterTable
ALTER TABLE "enforcement_actions" ADD COLUMN     "orderId" TEXT;

-- CreateTable
CREATE TABLE "containment_orders" (
    "id" TEXT NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "clusterIds" TEXT[],
    "followAlertId" TEXT,
    "banAccounts" BOOLEAN NOT NULL,
    "refuseGoLive" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdByEmail" TEXT NOT NULL,
    "createdByRole" TEXT NOT NULL,
    "approverEmail" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMPTZ(3),
    "liftedAt" TIMESTAMPTZ(3),
    "liftedByEmail" TEXT,
    "liftReason" TEXT,
    "restoredOnLift" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "containment_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_signals" (
    "orderId" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "order_signals_pkey" PRIMARY KEY ("orderId","key")
);

-- CreateIndex
CREATE INDEX "containment_orders_status_idx" ON "containment_orders"("status");

-- CreateIndex
CREATE INDEX "order_signals_key_idx" ON "order_signals"("key");

-- CreateIndex
CREATE INDEX "enforcement_actions_orderId_kind_idx" ON "enforcement_actions"("orderId", "kind");

-- AddForeignKey
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "containment_orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_signals" ADD CONSTRAINT "order_signals_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "containment_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
