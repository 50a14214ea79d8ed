import { slackOutcome, type SlackMessage } from "../domain/slack-message";
import { env } from "./env.server";
import { countWebhook } from "./metrics.server";

/** How long one POST to Slack may take before it counts as failed (and is retried). */
export const SLACK_TIMEOUT_MS = 10_000;

/** Slack refused the message for good (a 4xx other than 429): the webhook is revoked or wrong. */
export class SlackRejectedError extends Error {
  constructor(readonly status: number) {
    super(`Slack refused the message with HTTP ${status}; check the webhook URL in Settings.`);
    this.name = "SlackRejectedError";
  }
}

/**
 * The URL to POST to: the webhook's own, or its path on `SLACK_BASE_URL` when that is set (tests
 * point it at a local server, as RESEND_BASE_URL does for email). Only Slack's host is accepted
 * here as well as in Settings, so a stored value can never send the server elsewhere.
 */
export function slackPostUrl(webhookUrl: string, baseUrl = env().SLACK_BASE_URL): string {
  const url = new URL(webhookUrl);
  if (url.protocol !== "https:" || url.host !== "hooks.slack.com") throw new Error("Only https://hooks.slack.com/ webhook URLs are used.");
  return baseUrl ? new URL(url.pathname + url.search, baseUrl).toString() : url.toString();
}

/**
 * Posts a message to an incoming webhook. Throws (so the job retries with backoff) on a network
 * error, a timeout, a 429 or a 5xx, and `SlackRejectedError` on any other 4xx. Error messages
 * never contain the URL: it is a secret that anyone holding it can post with.
 */
export async function postToSlack(webhookUrl: string, message: SlackMessage, timeoutMs = SLACK_TIMEOUT_MS): Promise<void> {
  let response: Response;
  try {
    response = await fetch(slackPostUrl(webhookUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    countWebhook("out", "slack", "unreachable");
    const reason = error instanceof Error ? (error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : error.message) : String(error);
    throw new Error(`Slack could not be reached: ${reason}`, { cause: error });
  }
  // Drain the body so the connection is released; Slack answers "ok" or a short error code.
  const body = (await response.text().catch(() => "")).slice(0, 200);
  const outcome = slackOutcome(response.status);
  countWebhook("out", "slack", outcome);
  if (outcome === "rejected") throw new SlackRejectedError(response.status);
  if (outcome === "retry") throw new Error(`Slack answered HTTP ${response.status}${body ? ` (${body})` : ""}; will retry.`);
}
