import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Context } from "./context";
import type { Actor } from "../audit/audit-log";
import type { Role } from "../contracts/roles";
import { CAPABILITIES, type Capability } from "../contracts/roles";
import { trustedOrigins } from "../http/origins";
import { ConcurrencyGate, GateFull } from "./gate";

export interface Meta {
  /** A large read (snapshots, details, previews): limited to one at a time per user. */
  heavy?: boolean;
}

/** What an unexpected failure (a bug, a database error) tells the caller; the full error is logged. */
export const GENERIC_ERROR = "Something went wrong on the server. It has been logged; try again.";

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const unexpected = error.code === "INTERNAL_SERVER_ERROR";
      return {
        ...shape,
        // Raw messages of unexpected errors (SQL, constraint names) never reach the browser.
        message: unexpected ? GENERIC_ERROR : shape.message,
        data: {
          ...shape.data,
          // Field-by-field messages for forms; never a stack trace.
          zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
          stack: undefined,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Mutations must come from our own pages: a cross-site form or script is refused (CSRF). */
const originCheck = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation") {
    const origin = ctx.headers.get("origin");
    const allowed = trustedOrigins(ctx.rt.env);
    if (!origin || !allowed.includes(origin)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Cross-origin request refused" });
    }
  }
  return next();
});

export const publicProcedure = t.procedure.use(originCheck);

const gate = new ConcurrencyGate();

export const authedProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const actor: Actor = { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role, origin: ctx.ip };
  const user = ctx.user;
  try {
    return await gate.run(user.id, meta?.heavy === true, () => next({ ctx: { ...ctx, user, actor } }));
  } catch (e) {
    if (e instanceof GateFull)
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Too many requests at once from this account; wait for the ones running" });
    throw e;
  }
});

/** A procedure only the given roles may call. */
export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Requires role ${roles.join(" or ")}` });
    }
    return next();
  });
}

/** A procedure gated by a capability from server/auth/roles.ts. */
export function capabilityProcedure(capability: Capability) {
  return roleProcedure(...CAPABILITIES[capability]);
}
