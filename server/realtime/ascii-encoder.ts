import { Encoder } from "socket.io-parser";

const NON_ASCII = /[\u0080-\uffff]/g;
const toEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * Socket.IO's encoder, with every non-ASCII character of a text packet written as a JSON
 * `\uXXXX` escape. Attacker titles and handles are full of emoji and look-alike letters; as
 * escapes, every frame is plain ASCII, which browsers and Node decode on their fast path (a
 * flood's diffs are decoded by every open page, several times a second). Any standard
 * Socket.IO client reads it: JSON.parse turns the escapes back into the same characters.
 * Non-ASCII can only occur inside JSON strings (our namespace and event names are ASCII), and
 * surrogate pairs become two escapes that JSON.parse joins again.
 */
export class AsciiEncoder extends Encoder {
  override encode(obj: Parameters<Encoder["encode"]>[0]) {
    return super.encode(obj).map((p) => (typeof p === "string" ? p.replace(NON_ASCII, toEscape) : p));
  }
}
