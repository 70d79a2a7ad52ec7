-- CreateIndex
CREATE INDEX "enforcement_actions_actorId_createdAt_idx" ON "enforcement_actions"("actorId", "createdAt");
