import { describe, expect, it } from "vitest";
import { createOTP } from "@better-auth/utils/otp";
import { base32Decode, hotp, secretOf, totp } from "./totp";

describe("the tests' TOTP (RFC 6238)", () => {
  it("gives the RFC's own test values (SHA-1, 8 digits)", () => {
    const key = Buffer.from("12345678901234567890");
    expect(totp(key, 59_000, 8)).toBe("94287082");
    expect(totp(key, 1_111_111_109_000, 8)).toBe("07081804");
    expect(totp(key, 2_000_000_000_000, 8)).toBe("69279037");
    expect(hotp(key, 0)).toBe("755224"); // RFC 4226 appendix D
  });

  it("decodes base32 as authenticator apps do", () => {
    expect(base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").toString()).toBe("12345678901234567890");
  });

  it("agrees with the codes better-auth's own library makes for the URI it hands out", async () => {
    const otp = createOTP("a-secret-of-thirty-two-characters", { digits: 6, period: 30 });
    const uri = otp.url("Floodwall", "lead@example.test");
    expect(totp(secretOf(uri))).toBe(await otp.totp());
  });
});
