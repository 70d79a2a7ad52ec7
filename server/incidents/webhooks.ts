import { signBody } from "../enforcement/adapters/webhook";
import { errField, logger } from "../observability/log";

const log = logger("incidents");

export interface IncidentWebhookConfig {
  url: string;
  secret: string;
  format: "json" | "slack";
}

/** The body posted to an outbound webhook: our JSON, or a Slack-compatible message. */
export function incidentWebhookBody(
  format: "json" | "slack",
  i: { id: string; number: number; severity: string; title: string; declaredBy: string; url: string },
) {
  if (format === "slack") {
    return {
      text: `:rotating_light: ${i.severity} incident #${i.number} declared: ${i.title}`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `*${i.severity} incident #${i.number}*: ${i.title}\nDeclared by ${i.declaredBy}` } },
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open incident" }, url: i.url }] },
      ],
    };
  }
  return { event: "incident.declared", incident: i };
}

/** Posts a signed notification; failures are logged, never thrown (declaring must not fail). */
export async function postIncidentWebhook(cfg: IncidentWebhookConfig, i: Parameters<typeof incidentWebhookBody>[1]): Promise<boolean> {
  const body = JSON.stringify(incidentWebhookBody(cfg.format, i));
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const res = await fetch(cfg.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-floodwall-timestamp": timestamp,
        "x-floodwall-signature": signBody(cfg.secret, timestamp, body),
        "idempotency-key": `incident-declared:${i.id}:${i.severity}`,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) log.error({ status: res.status }, "incident webhook refused the notice");
    return res.ok;
  } catch (e) {
    log.error({ err: errField(e) }, "incident webhook failed");
    return false;
  }
}
