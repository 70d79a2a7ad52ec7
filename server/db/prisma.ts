import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import type { PgConfig } from "./pg-config";

export type Db = PrismaClient;
export { Prisma } from "./generated/client";

export function createPrisma(config: PgConfig, max = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ ...config, max }) });
}
