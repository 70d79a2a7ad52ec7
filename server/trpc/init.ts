import { initTRPC, TRPCError } from "@trpc/server";
import { transformer } from "./transformer";
import { z, ZodError } from "zod";
import type { Context } from "./context";
import type { Actor } from "../contracts/actor";
import { CAPABILITIES, can, type Capability } from "../contracts/roles";
import { DomainError, errorText } from "../errors";
import { localiseZodError } from "./zod-locale";
import { BudgetSpent, ConcurrencyGate, GateFull } from "./gate";
import { HEAVY_PROCEDURES } from "../contracts/heavy";

/** What an unexpected failure (a bug, a database error) tells the caller; the full error is logged. */
export const GENERIC_ERROR = "Something went wrong on the server. It has been logged; try again.";

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error, ctx }) {
    const unexpected = error.code === "INTERNAL_SERVER_ERROR";
    const locale = ctx?.locale ?? "en";
    const domain = error.cause instanceof DomainError ? error.cause : null;
    const zod = error.cause instanceof ZodError ? localiseZodError(error.cause, locale) : null;
    // Raw messages of unexpected errors (SQL, constraint names) never reach the browser.
    const message = unexpected ? errorText(locale, "generic") : domain ? domain.messageIn(locale) : zod && locale !== "en" ? zod.message : shape.message;
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        // Field-by-field messages for forms, in the caller's language; never a stack trace.
        zodError: zod ? z.flattenError(zod.error) : null,
        // A reason the page acts on (STEP_UP_REQUIRED: ask the person to re-confirm), else null.
        reason: domain?.reason ?? null,
        // A stable code for machines: the errors-catalog key ("takedown.notRunning"), "validation"
        // for invalid input, "generic" for a bug; null for the few messages without a key.
        errorKey: unexpected ? "generic" : (domain?.key ?? (zod ? "validation" : null)),
        stack: undefined,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * The one mapping of domain errors for tRPC: a DomainError's code and message go to the caller;
 * anything else is a bug (the route handler logs it in full, the formatter answers generically).
 */
const domainErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.cause instanceof DomainError) {
    throw new TRPCError({ code: res.error.cause.code, message: res.error.cause.message, cause: res.error.cause });
  }
  return res;
});

/** Mutations must come from our own pages: a cross-site form or script is refused (CSRF). */
const originCheck = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !ctx.request.sameOrigin) throw DomainError.of("FORBIDDEN", "auth.crossOrigin");
  return next();
});

export const publicProcedure = t.procedure.use(domainErrors).use(originCheck);

const gate = new ConcurrencyGate();

/** A signed-in caller: `ctx.user` and `ctx.actor` are set, and the call holds a slot of the user's gate. */
export const authedProcedure = publicProcedure.use(async ({ ctx, path, next }) => {
  if (!ctx.user) throw DomainError.of("UNAUTHORIZED", "auth.signIn");
  const user = ctx.user;
  const actor: Actor = { id: user.id, email: user.email, role: user.role, origin: ctx.request.ip };
  try {
    return await gate.run(user.id, HEAVY_PROCEDURES.has(path), () => next({ ctx: { ...ctx, user, actor } }));
  } catch (e) {
    if (e instanceof BudgetSpent) throw DomainError.of("TOO_MANY_REQUESTS", "auth.largeReadsPaced");
    if (e instanceof GateFull) throw DomainError.of("TOO_MANY_REQUESTS", "auth.busy");
    throw e;
  }
});

/** A procedure gated by a capability from server/contracts/roles.ts (the table the permission test holds it to). */
export function capabilityProcedure(capability: Capability) {
  return authedProcedure.use(({ ctx, path, next }) => {
    if (!can(ctx.user.role, capability)) throw DomainError.of("FORBIDDEN", "auth.requires", { roles: CAPABILITIES[capability].join(" or ") });
    // One large read per HTTP request (a batch's answers are encoded in one synchronous step);
    // checked after the role, so a refusal for the role is what a caller without it sees.
    if (HEAVY_PROCEDURES.has(path) && ctx.request.heavyCalls++ > 0) throw DomainError.of("TOO_MANY_REQUESTS", "auth.oneLargeRead");
    return next();
  });
}
