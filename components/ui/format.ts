/** Whole numbers with grouping, as every page writes them: 12,840. */
export const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
/** A time of day in UTC (incident work spans time zones): 22:04:31. */
export const fmtTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);
/** A date and time in UTC: 2026-12-02 22:04 UTC. */
export const fmtDateTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
