import { authedProcedure, router } from "../init";
import { CAPABILITIES, can, type Capability } from "../../contracts/roles";

export const meRouter = router({
  /** The signed-in user and what they may do (drives the navigation). */
  get: authedProcedure.query(({ ctx }) => {
    const capabilities = (Object.keys(CAPABILITIES) as Capability[]).filter((c) => can(ctx.user.role, c));
    return { id: ctx.user.id, email: ctx.user.email, name: ctx.user.name, role: ctx.user.role, capabilities };
  }),
});
