-- AlterTable
ALTER TABLE "platform_accounts" ADD COLUMN     "needsClustering" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "account_clusters" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mergedIntoId" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "topSignals" JSONB,
    "watched" BOOLEAN NOT NULL DEFAULT false,
    "watchedBy" TEXT,

    CONSTRAINT "account_clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_cluster_members" (
    "accountId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "joinedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_cluster_members_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "account_signals" (
    "accountId" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "account_signals_pkey" PRIMARY KEY ("accountId","key")
);

-- CreateTable
CREATE TABLE "attack_alerts" (
    "id" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),
    "rate" DOUBLE PRECISION NOT NULL,
    "baseline" DOUBLE PRECISION NOT NULL,
    "peakRate" DOUBLE PRECISION NOT NULL,
    "clusterIds" TEXT[],
    "reasons" TEXT[],
    "acknowledgedBy" TEXT,
    "incidentId" TEXT,

    CONSTRAINT "attack_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "account_clusters_mergedIntoId_idx" ON "account_clusters"("mergedIntoId");

-- CreateIndex
CREATE INDEX "account_clusters_size_idx" ON "account_clusters"("size" DESC);

-- CreateIndex
CREATE INDEX "account_cluster_members_clusterId_joinedAt_idx" ON "account_cluster_members"("clusterId", "joinedAt");

-- CreateIndex
CREATE INDEX "account_signals_key_idx" ON "account_signals"("key");

-- CreateIndex
CREATE INDEX "attack_alerts_closedAt_idx" ON "attack_alerts"("closedAt");

-- CreateIndex
CREATE INDEX "platform_accounts_needsClustering_idx" ON "platform_accounts"("needsClustering");

-- AddForeignKey
ALTER TABLE "account_cluster_members" ADD CONSTRAINT "account_cluster_members_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "account_clusters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
