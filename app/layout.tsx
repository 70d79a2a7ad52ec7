import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Floodwall", template: "%s · Floodwall" },
  description: "Moderator operations console",
  robots: { index: false, follow: false },
};

// Every page is rendered per request: pages depend on the session, and the CSP nonce that
// server.ts issues must reach Next's inline scripts.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="antialiased">{children}</body>
    </html>
  );
}
