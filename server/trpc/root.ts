import { router } from "./init";
import { meRouter } from "./routers/me";
import { usersRouter } from "./routers/users";
import { wallRouter } from "./routers/wall";
import { tokensRouter } from "./routers/tokens";

export const appRouter = router({
  me: meRouter,
  users: usersRouter,
  wall: wallRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
