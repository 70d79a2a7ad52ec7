// Every message catalog, one JSON file per namespace and locale (server/contracts/i18n/<locale>/<namespace>.json).
// Pages get only their user's locale (the root layouts pass it to the provider); the server
// reads both (localised errors). `npm run lint` checks that every key used in code exists in
// both locales, that both have the same keys, and that no key is unused (scripts/check-i18n.mjs).
import type { Locale } from "./locales";
import enCommon from "./en/common.json";
import zhCommon from "./zh-CN/common.json";
import enShell from "./en/shell.json";
import zhShell from "./zh-CN/shell.json";
import enControls from "./en/controls.json";
import zhControls from "./zh-CN/controls.json";
import enOverview from "./en/overview.json";
import zhOverview from "./zh-CN/overview.json";
import enWall from "./en/wall.json";
import zhWall from "./zh-CN/wall.json";
import enTakedown from "./en/takedown.json";
import zhTakedown from "./zh-CN/takedown.json";
import enAuth from "./en/auth.json";
import zhAuth from "./zh-CN/auth.json";
import enAdmin from "./en/admin.json";
import zhAdmin from "./zh-CN/admin.json";
import enOrders from "./en/orders.json";
import zhOrders from "./zh-CN/orders.json";
import enClusters from "./en/clusters.json";
import zhClusters from "./zh-CN/clusters.json";
import enPlaybooks from "./en/playbooks.json";
import zhPlaybooks from "./zh-CN/playbooks.json";
import enIncidents from "./en/incidents.json";
import zhIncidents from "./zh-CN/incidents.json";
import enRules from "./en/rules.json";
import zhRules from "./zh-CN/rules.json";
import enTimeline from "./en/timeline.json";
import zhTimeline from "./zh-CN/timeline.json";

export type Messages = Record<string, Record<string, unknown>>;

export const MESSAGES: Record<Locale, Messages> = {
  en: {
    common: enCommon,
    shell: enShell,
    controls: enControls,
    overview: enOverview,
    wall: enWall,
    takedown: enTakedown,
    auth: enAuth,
    admin: enAdmin,
    orders: enOrders,
    clusters: enClusters,
    playbooks: enPlaybooks,
    incidents: enIncidents,
    rules: enRules,
    timeline: enTimeline,
  },
  "zh-CN": {
    common: zhCommon,
    shell: zhShell,
    controls: zhControls,
    overview: zhOverview,
    wall: zhWall,
    takedown: zhTakedown,
    auth: zhAuth,
    admin: zhAdmin,
    orders: zhOrders,
    clusters: zhClusters,
    playbooks: zhPlaybooks,
    incidents: zhIncidents,
    rules: zhRules,
    timeline: zhTimeline,
  },
};
