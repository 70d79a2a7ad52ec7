import { router } from "./init";
import { meRouter } from "./routers/me";
import { usersRouter } from "./routers/users";

export const appRouter = router({
  me: meRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
