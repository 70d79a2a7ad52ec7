-- The wall: rooms awaiting a decision, in wall order (risk, newest flag, id). Wall snapshots read
-- the first rows of it and wall counts read only it, however many ended or decided rooms the
-- table holds. Partial indexes are not modelled in schema.prisma; the schema engine leaves
-- indexes it does not model alone when it diffs.
CREATE INDEX "live_rooms_wall_idx" ON "live_rooms"("risk" DESC, "lastFlaggedAt" DESC, "id")
  WHERE status = 'LIVE' AND review IN ('OPEN', 'ESCALATED') AND "flagCount" > 0;
