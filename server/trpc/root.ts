import { router } from "./init";
import { meRouter } from "./routers/me";
import { usersRouter } from "./routers/users";
import { wallRouter } from "./routers/wall";
import { tokensRouter } from "./routers/tokens";
import { takedownRouter } from "./routers/takedown";
import { clustersRouter } from "./routers/clusters";
import { incidentsRouter } from "./routers/incidents";
import { controlsRouter } from "./routers/controls";
import { ordersRouter } from "./routers/orders";
import { rulesRouter } from "./routers/rules";
import { playbooksRouter } from "./routers/playbooks";

export const appRouter = router({
  me: meRouter,
  users: usersRouter,
  wall: wallRouter,
  tokens: tokensRouter,
  takedown: takedownRouter,
  clusters: clustersRouter,
  incidents: incidentsRouter,
  controls: controlsRouter,
  orders: ordersRouter,
  rules: rulesRouter,
  playbooks: playbooksRouter,
});

export type AppRouter = typeof appRouter;
