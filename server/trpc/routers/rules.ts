import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { ZUuid } from "../../contracts/ids";
import { ZBacktest, ZReason, ZRuleInput, ZRuleUpdate } from "../../contracts/rules";
import { createRule, decideEnforce, exportRules, importRules, requestEnforce, setRuleMode, updateRule } from "../../rules/manage";
import { getRule, hitRate, listRules, ruleHistory, ruleHits } from "../../rules/queries";
import { backtest } from "../../rules/backtest";
import { undoRuleActions } from "../../rules/undo";
import { requireRecentAuth } from "../../auth/step-up";

const read = capabilityProcedure("rules:read");
const manage = capabilityProcedure("rules:manage");
const ById = z.object({ id: ZUuid });

/**
 * A change to a rule is answered once this process judges with it (the engine reloads; other
 * processes within their two-second refresh), so a flag sent right after the answer meets the
 * rule as changed.
 */
async function applied<T>(engine: { refresh(): Promise<void> }, change: Promise<T>): Promise<T> {
  const out = await change;
  await engine.refresh();
  return out;
}

/** Response rules: written and steered by leads, judged on every stored flag. */
export const rulesRouter = router({
  list: read.query(({ ctx }) => listRules(ctx.services.rules)),
  get: read.input(ById).query(({ ctx, input }) => getRule(ctx.services.rules, input.id)),
  hits: read
    .input(ById.extend({ limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => ruleHits(ctx.services.rules.pool, input.id, input.limit)),
  rate: read.input(ById).query(({ ctx, input }) => hitRate(ctx.services.rules.pool, input.id)),
  history: read.input(ById).query(({ ctx, input }) => ruleHistory(ctx.services.rules.db, input.id)),
  create: manage.input(ZRuleInput).mutation(({ ctx, input }) => applied(ctx.services.rules.engine, createRule(ctx.services.rules, ctx.actor, input))),
  update: manage.input(ZRuleUpdate).mutation(({ ctx, input }) => applied(ctx.services.rules.engine, updateRule(ctx.services.rules, ctx.actor, input))),
  setMode: manage
    .input(ById.extend({ mode: z.enum(["OFF", "SHADOW"]), reason: ZReason }))
    .mutation(({ ctx, input }) => applied(ctx.services.rules.engine, setRuleMode(ctx.services.rules, ctx.actor, input.id, input.mode, input.reason))),
  requestEnforce: manage.input(ById.extend({ reason: ZReason })).mutation(({ ctx, input }) => {
    requireRecentAuth(ctx.user);
    return requestEnforce(ctx.services.rules, ctx.actor, input.id, input.reason);
  }),
  decideEnforce: capabilityProcedure("rules:approve")
    .input(ById.extend({ approve: z.boolean(), reason: ZReason }))
    .mutation(({ ctx, input }) => {
      if (input.approve) requireRecentAuth(ctx.user);
      return applied(ctx.services.rules.engine, decideEnforce(ctx.services.rules, ctx.actor, input.id, input.approve, input.reason));
    }),
  backtest: manage.input(ZBacktest).query(({ ctx, input }) => backtest(ctx.services.rules.pool, input.expression, input.hours)),
  undo: manage
    .input(ById.extend({ since: z.number().int().min(0), reason: ZReason, toShadow: z.boolean().default(true) }))
    .mutation(({ ctx, input }) =>
      applied(
        ctx.services.rules.engine,
        undoRuleActions(ctx.services.rules, ctx.actor, input.id, { since: new Date(input.since), reason: input.reason, toShadow: input.toShadow }),
      ),
    ),
  export: manage.query(({ ctx }) => exportRules(ctx.services.rules)),
  /** The file is validated as a whole by the service (a clear message names the first problem). */
  import: manage
    .input(z.object({ file: z.unknown() }))
    .mutation(({ ctx, input }) => applied(ctx.services.rules.engine, importRules(ctx.services.rules, ctx.actor, input.file))),
});
