// Runs `prisma generate` offline. Prisma's CLI wants its schema-engine binary even for
// `generate` (which does not use it); pointing the variable at an existing file stops the
// download attempt, which cannot succeed on these offline machines.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = existsSync("/bin/false") ? "/bin/false" : process.execPath;
const res = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit", env });
process.exit(res.status ?? 1);
