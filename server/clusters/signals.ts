/** The linking signals of one account, as keys shared with other accounts. */

export interface AccountFacts {
  id: string;
  handle: string;
  registeredAt: Date;
  realNameVerified: boolean;
  deviceId: string | null;
  ip: string | null;
  phoneHash: string | null;
}

const DAY = 86_400_000;
/** Accounts this young, or unverified, are "suspect": weak signals (network, burst) link them. */
export const SUSPECT_AGE_DAYS = 30;
/** Registration-burst window. Two overlapping windows, so a burst across a boundary still links. */
export const BURST_WINDOW_MS = 10 * 60 * 1000;

/** live_girl_1234 → live_girl_#; bet8899_xxx → bet#_xxx. Digits vary inside a scripted ring. */
export function handlePattern(handle: string): string {
  return handle.toLowerCase().replace(/\d+/g, "#");
}

/** IPv4 → its /24, IPv6 → its /48 (carrier and hosting ranges are allocated in such blocks). */
export function networkOf(ip: string): string | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  if (ip.includes(":")) {
    const full = expandIpv6(ip);
    return full ? `${full.slice(0, 3).join(":")}::/48` : null;
  }
  return null;
}

function expandIpv6(ip: string): string[] | null {
  const [head, tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail ? tail.split(":") : [];
  if (tail === undefined && h.length !== 8) return null;
  const fill = Array(8 - h.length - t.length).fill("0");
  const parts = [...h, ...fill, ...t];
  if (parts.length !== 8 || parts.some((p) => !/^[0-9a-f]{1,4}$/i.test(p))) return null;
  return parts.map((p) => p.toLowerCase().replace(/^0+(?=.)/, ""));
}

export function isSuspect(a: Pick<AccountFacts, "registeredAt" | "realNameVerified">, now: number): boolean {
  return !a.realNameVerified || a.registeredAt.getTime() > now - SUSPECT_AGE_DAYS * DAY;
}

/**
 * Strong signals (same device, same phone) link any accounts; weak ones (same network, same
 * handle pattern registered in the same minutes) link only suspect accounts, so a carrier NAT
 * or a campus shared by many long-lived verified users never merges them.
 */
export function signalKeys(a: AccountFacts, now: number): string[] {
  const keys: string[] = [];
  if (a.deviceId) keys.push(`device:${a.deviceId}`);
  if (a.phoneHash) keys.push(`phone:${a.phoneHash}`);
  if (isSuspect(a, now)) {
    const net = a.ip ? networkOf(a.ip) : null;
    if (net) keys.push(`net:${net}`);
    const pattern = handlePattern(a.handle);
    if (pattern.includes("#")) {
      const t = a.registeredAt.getTime();
      keys.push(`burst:${pattern}:${Math.floor(t / BURST_WINDOW_MS)}`);
      keys.push(`burst:${pattern}:${Math.floor((t + BURST_WINDOW_MS / 2) / BURST_WINDOW_MS)}h`);
    }
  }
  return keys;
}

/** A strong signal shared mostly by trusted accounts (≥ 10, ≥ 60 % verified and old) is public: it does not link. */
export function isLinking(n: number, trusted: number): boolean {
  return n >= 2 && !(n >= 10 && trusted / n >= 0.6);
}
