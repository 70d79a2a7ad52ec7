import type { Metadata, Viewport } from "next";
// Color emoji for titles and handles (attacker text is full of them), shipped with the app:
// the machines running the console may have no emoji font. Subsets load only when a page uses them.
import "@fontsource/noto-color-emoji/400.css";
import "./globals.css";
import { readerPrefs } from "@/server/http/i18n";

export const metadata: Metadata = {
  title: { default: "Floodwall", template: "%s · Floodwall" },
  description: "Moderator operations console",
  robots: { index: false, follow: false },
  manifest: "/manifest.webmanifest",
  icons: {
    icon: [
      { url: "/favicon.svg", type: "image/svg+xml" },
      { url: "/icon-192.png", sizes: "192x192", type: "image/png" },
    ],
    apple: "/icon-192.png",
  },
};

export const viewport: Viewport = { themeColor: "#0b0f14", colorScheme: "dark" };

// Every page is rendered per request: pages depend on the session, and the CSP nonce that
// server.ts issues must reach Next's inline scripts.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale } = await readerPrefs();
  return (
    <html lang={locale}>
      <body className="antialiased">{children}</body>
    </html>
  );
}
