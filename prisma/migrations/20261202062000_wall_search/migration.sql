-- Free-text search on the wall: a room's title, its id and its account's id, and the account's
-- handle and display name, by substring, case-insensitively for ASCII letters only (the "C"
-- collation: the same on every Postgres, and what the wall's JS filter does for realtime
-- updates). Trigram indexes on the "C"-collated columns answer `ILIKE '%…%' COLLATE "C"`
-- without reading every room. Not modelled in schema.prisma (the schema engine leaves indexes it
-- does not model alone when it diffs).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "live_rooms_title_trgm" ON "live_rooms" USING gin (("title" COLLATE "C") gin_trgm_ops);
CREATE INDEX "live_rooms_id_trgm" ON "live_rooms" USING gin (("id" COLLATE "C") gin_trgm_ops);
CREATE INDEX "live_rooms_account_trgm" ON "live_rooms" USING gin (("accountId" COLLATE "C") gin_trgm_ops);
CREATE INDEX "platform_accounts_handle_trgm" ON "platform_accounts" USING gin (("handle" COLLATE "C") gin_trgm_ops);
CREATE INDEX "platform_accounts_display_trgm" ON "platform_accounts" USING gin (("displayName" COLLATE "C") gin_trgm_ops);
