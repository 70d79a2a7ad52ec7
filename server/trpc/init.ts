import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Context } from "./context";
import type { Actor } from "../audit/audit-log";
import type { Role } from "../auth/roles";
import { CAPABILITIES, type Capability } from "../auth/roles";
import { trustedOrigins } from "../origins";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
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

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const actor: Actor = { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role, origin: ctx.ip };
  return next({ ctx: { ...ctx, user: ctx.user, actor } });
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
