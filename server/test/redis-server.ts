import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

/** Starts a throwaway redis-server (Debian's package) on a free port; no persistence. */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find(existsSync);
  if (!bin) throw new Error("redis-server not found: apt-get install -y redis-server (CI's .ci/run installs it)");
  const port = 30000 + Math.floor(Math.random() * 20000);
  const proc: ChildProcess = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes("Ready to accept connections")) resolve();
    };
    proc.stdout!.on("data", onData);
    proc.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((r) => {
        proc.once("exit", () => r());
        proc.kill("SIGTERM");
      }),
  };
}
