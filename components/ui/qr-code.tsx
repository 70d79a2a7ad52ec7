"use client";
import { useMemo } from "react";
import { encode } from "uqr";

/**
 * A QR code drawn as one SVG path (dark modules on a white square with a quiet zone), so it scans
 * from a dark page. The caller gives the accessible name; the same text must also be offered
 * as text, for people who cannot scan.
 */
export function QrCode({ value, label, size = 176 }: { value: string; label: string; size?: number }) {
  const { d, n } = useMemo(() => {
    const qr = encode(value, { ecc: "M", border: 2 });
    let path = "";
    qr.data.forEach((row, y) => {
      row.forEach((dark, x) => {
        if (dark) path += `M${x} ${y}h1v1h-1z`;
      });
    });
    return { d: path, n: qr.size };
  }, [value]);
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${n} ${n}`} shapeRendering="crispEdges" className="rounded bg-white">
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
