// COPY ... FROM STDIN with plain `pg`: pg-copy-streams is not a dependency, but pg accepts any
// "submittable" query object and forwards the copy-in protocol messages to it, so a small one
// sends the rows (text format) itself. Used only for the raw-insert baseline of the ingest figure.
import type { ClientBase, Submittable } from "pg";

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** One COPY row in text format: tab-separated, \N for NULL, backslash escapes. */
export function copyLine(values: (string | number | boolean | null | undefined)[]): string {
  const fields = values.map((v) => {
    if (v === null || v === undefined) return "\\N";
    if (typeof v === "boolean") return v ? "t" : "f";
    return String(v).replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
  });
  return `${fields.join("\t")}\n`;
}

class CopyIn {
  rowCount = 0;
  private error: Error | null = null;
  constructor(
    readonly text: string,
    private lines: string[],
    private done: (err: Error | null, rows: number) => void,
  ) {}
  submit(connection: CopyConnection) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: CopyConnection) {
    // ~256 KB CopyData messages: few enough to be cheap, small enough not to buffer everything twice.
    let buf: string[] = [];
    let size = 0;
    for (const l of this.lines) {
      buf.push(l);
      size += l.length;
      if (size >= 256 * 1024) {
        connection.sendCopyFromChunk(Buffer.from(buf.join("")));
        buf = [];
        size = 0;
      }
    }
    if (buf.length) connection.sendCopyFromChunk(Buffer.from(buf.join("")));
    connection.endCopyFrom();
  }
  handleCommandComplete(msg: { text?: string }) {
    const m = /COPY (\d+)/.exec(msg.text ?? "");
    if (m) this.rowCount = Number(m[1]);
  }
  handleError(err: Error) {
    this.error = err;
  }
  handleReadyForQuery() {
    this.done(this.error, this.rowCount);
  }
  // Messages a COPY never produces; pg may still call these on a submittable.
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Streams `lines` (from copyLine) into `sql` (a COPY ... FROM STDIN); resolves to the row count. */
export function copyFrom(client: ClientBase, sql: string, lines: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyIn(sql, lines, (err, rows) => (err ? reject(err) : resolve(rows)));
    // pg's typings know submittables only by submit(); the handlers above are its runtime protocol.
    client.query(q as unknown as Submittable);
  });
}
