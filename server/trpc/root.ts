import { router } from "./init";
import { meRouter } from "./routers/me";
import { usersRouter } from "./routers/users";
import { wallRouter } from "./routers/wall";
import { tokensRouter } from "./routers/tokens";
import { takedownRouter } from "./routers/takedown";

export const appRouter = router({
  me: meRouter,
  users: usersRouter,
  wall: wallRouter,
  tokens: tokensRouter,
  takedown: takedownRouter,
});

export type AppRouter = typeof appRouter;
