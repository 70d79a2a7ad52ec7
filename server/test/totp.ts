import { createHmac } from "node:crypto";

/**
 * RFC 6238 TOTP written from the RFC, independently of the server's code: tests generate the
 * codes a person's authenticator app would show for a secret the console handed out.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Decode(s: string): Buffer {
  const clean = s.replace(/=+$/, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP (RFC 4226) with HMAC-SHA1. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** The code for a time (ms since the epoch), 30 s steps. */
export function totp(key: Buffer, at = Date.now(), digits = 6, period = 30): string {
  return hotp(key, Math.floor(at / 1000 / period), digits);
}

/** The secret of an otpauth:// URI (what the QR code carries). */
export function secretOf(otpauthUri: string): Buffer {
  const secret = new URL(otpauthUri).searchParams.get("secret");
  if (!secret) throw new Error("no secret in the otpauth URI");
  return base32Decode(secret);
}

/** A code that is certainly wrong now (the right one, off by one). */
export function wrongCode(key: Buffer, at = Date.now()): string {
  const right = totp(key, at);
  return String((Number(right) + 1) % 1_000_000).padStart(6, "0");
}
