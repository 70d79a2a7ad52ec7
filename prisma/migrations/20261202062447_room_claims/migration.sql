-- CreateTable
CREATE TABLE "room_claims" (
    "roomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userEmail" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "room_claims_pkey" PRIMARY KEY ("roomId")
);

-- CreateIndex
CREATE INDEX "room_claims_userId_idx" ON "room_claims"("userId");

-- CreateIndex
CREATE INDEX "room_claims_expiresAt_idx" ON "room_claims"("expiresAt");
