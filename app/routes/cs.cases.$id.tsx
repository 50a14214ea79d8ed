import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CaseDue, CaseStatusBadge } from "../components/case-status";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { RenewalDate, SegmentBadge } from "../components/segment-badge";
import { CASE_NOTE_MAX_LENGTH, CASE_REPLY_MAX_LENGTH, CASE_STATUS_LABEL, CASE_STATUSES, CLOSE_REASON_MAX_LENGTH, nextStatuses } from "../domain/case-workflow";
import { can } from "../domain/permissions";
import { todayIso } from "../domain/rows";
import { formatMoney } from "../domain/segments";
import { findCaseDetail, listAssignableUsers, listCaseEvents } from "../models/case.server";
import { findSuppression } from "../models/suppression.server";
import { addCaseNote } from "../services/add-case-note.server";
import { assignCases } from "../services/assign-cases.server";
import { changeCaseStatus } from "../services/change-case-status.server";
import { replyToCase, suppressedReplyMessage } from "../services/reply-to-case.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf, requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Case ${data?.followUp.id ?? ""} · Kizuna console` }];

const LANGUAGE_LABEL = { en: "English", ja: "Japanese (日本語)" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:case:any");
  const id = requireId(params);
  const followUp = findCaseDetail(id);
  if (!followUp) throw new Response("No such case.", { status: 404 });
  const canWrite = can(user.role, "write:case:any");
  const suppression = findSuppression(followUp.contactEmail);
  return {
    followUp,
    events: listCaseEvents(id),
    canWrite,
    // Everyone sees the names in the timeline; only those who may write get the forms.
    assignees: listAssignableUsers(),
    next: nextStatuses(followUp.status),
    replyLanguage: LANGUAGE_LABEL[followUp.contactLocale],
    suppressed: suppression ? suppressedReplyMessage(followUp.contactEmail, suppression.reason) : null,
    now: Date.now(),
    today: todayIso(),
  };
}

const userId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31);
const Intent = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("status"),
      status: z.enum(CASE_STATUSES, { error: "Choose a status." }),
      reason: z.string().max(CLOSE_REASON_MAX_LENGTH, `The reason is at most ${CLOSE_REASON_MAX_LENGTH} characters.`).optional(),
    }),
    z.object({ intent: z.literal("assign"), owner: z.union([z.literal("none").transform(() => null), userId], { error: "Choose who owns the case." }) }),
    z.object({ intent: z.literal("note"), note: z.string().max(CASE_NOTE_MAX_LENGTH, `A note is at most ${CASE_NOTE_MAX_LENGTH} characters.`) }),
    z.object({ intent: z.literal("reply"), reply: z.string().max(CASE_REPLY_MAX_LENGTH, `A reply is at most ${CASE_REPLY_MAX_LENGTH} characters.`) }),
  ],
  { error: "Use one of the forms on the page." },
);

type ActionResult = { ok: false; intent: string | null; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:case:any");
  const id = requireId(params);
  const form = Object.fromEntries([...(await request.formData())].filter(([, value]) => typeof value === "string"));
  const intentName = typeof form.intent === "string" ? form.intent : null;
  const parsed = Intent.safeParse(form);
  if (!parsed.success) return data<ActionResult>({ ok: false, intent: intentName, message: parsed.error.issues[0].message }, { status: 400 });
  const actor = { user, ip: clientIp(request) };
  try {
    const input = parsed.data;
    if (input.intent === "status") changeCaseStatus(actor, id, input.status, input.reason ?? null);
    else if (input.intent === "assign") assignCases(actor, [id], input.owner);
    else if (input.intent === "note") addCaseNote(actor, id, input.note);
    else await replyToCase(actor, id, input.reply);
    return redirect(`/cs/cases/${id}`);
  } catch (error) {
    const refusal = refusalOf(error);
    return data<ActionResult>({ ok: false, intent: intentName, message: refusal.message }, { status: refusal.status });
  }
}

const EVENT_LABEL = {
  opened: "Opened",
  assigned: "Assigned",
  status: "Status",
  note: "Note",
  reply: "Reply sent",
  "promoter-action": "Promoter action",
} as const;

type Event = ReturnType<typeof useLoaderData<typeof loader>>["events"][number];

function EventSummary({ event, names }: { event: Event; names: Map<number, string> }) {
  const d = (event.data ?? {}) as Record<string, unknown>;
  const who = (value: unknown) => (typeof value === "number" ? (names.get(value) ?? `user ${value}`) : "nobody");
  const status = (value: unknown) =>
    typeof value === "string" && value in CASE_STATUS_LABEL ? CASE_STATUS_LABEL[value as keyof typeof CASE_STATUS_LABEL] : String(value);
  switch (event.kind) {
    case "opened":
      return <>Case opened{d.ownerUserId ? `, owned by ${who(d.ownerUserId)}` : ", unassigned"}.</>;
    case "assigned":
      return (
        <>
          Owner changed from {who(d.from)} to {who(d.to)}.
        </>
      );
    case "status":
      return (
        <>
          {d.reopened ? "Reopened" : "Status changed"}: {status(d.from)} → {status(d.to)}
          {d.via === "reply" ? " (by the reply)" : ""}.
        </>
      );
    case "reply":
      return (
        <>
          Emailed {String(d.to ?? "the contact")} in {LANGUAGE_LABEL[d.locale === "ja" ? "ja" : "en"]}.{event.outboxId ? " The email is in the outbox." : null}
        </>
      );
    default:
      return <>{EVENT_LABEL[event.kind]}.</>;
  }
}

export default function CasePage() {
  const { followUp: c, events, canWrite, assignees, next, replyLanguage, suppressed, now, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const names = new Map(assignees.map((a) => [a.id, a.name]));
  if (c.ownerUserId && c.ownerName) names.set(c.ownerUserId, c.ownerName);
  const errorFor = (intent: string) =>
    actionData && !actionData.ok && actionData.intent === intent ? (
      <p className="field-error" role="alert">
        {actionData.message}
      </p>
    ) : null;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cs/cases">Cases</Link> / Case {c.id}
      </p>
      <div className="page-head">
        <div>
          <h1>
            {c.contactName ?? c.contactEmail} at {c.accountName} <CaseStatusBadge status={c.status} />
          </h1>
          <p>
            <CaseDue status={c.status} dueAt={c.dueAt} now={now} /> · Owner: {c.ownerName ?? "unassigned"} · Opened <LocalTime value={c.createdAt} />
            {c.closeReason ? <> · Closing note: {c.closeReason}</> : null}
          </p>
        </div>
      </div>
      {actionData && !actionData.ok && !["status", "assign", "note", "reply"].includes(actionData.intent ?? "") ? (
        <p className="notice error" role="alert">
          {actionData.message}
        </p>
      ) : null}

      <div className="case-layout">
        <div className="stack">
          <section className="card" aria-labelledby="feedback-head">
            <h2 id="feedback-head">Feedback</h2>
            <p>
              <span className={`response-score ${c.category}`}>{c.score}</span> answered <LocalTime value={c.answeredAt} /> ·{" "}
              <Link to={`/cs/responses/${c.responseId}`}>Open the response</Link>
            </p>
            {c.comment ? <blockquote className="case-comment">{c.comment}</blockquote> : <p className="muted">No comment was left.</p>}
            <dl className="case-facts">
              <dt>Respondent</dt>
              <dd>
                {c.contactName ?? <span className="muted">No name</span>} · {c.contactEmail} · {LANGUAGE_LABEL[c.contactLocale]}
                {c.contactUnsubscribedAt ? <span className="muted"> · unsubscribed from surveys</span> : null}
              </dd>
              <dt>Account</dt>
              <dd>
                <Link to={`/cs/accounts/${c.accountId}`}>{c.accountName}</Link> <SegmentBadge segment={c.segment} />
              </dd>
              <dt>ACV</dt>
              <dd>{formatMoney({ amount: c.acvAmount, currency: c.acvCurrency })}</dd>
              <dt>Renewal</dt>
              <dd>
                <RenewalDate date={c.renewalDate} today={today} />
              </dd>
            </dl>
          </section>

          <section className="card" aria-labelledby="timeline-head">
            <h2 id="timeline-head">Timeline</h2>
            {events.length === 0 ? <p className="muted">Nothing recorded yet.</p> : null}
            <ol className="case-timeline">
              {events.map((event) => (
                <li key={event.id} className={`case-event ${event.kind}`}>
                  <div className="case-event-head">
                    <strong>{EVENT_LABEL[event.kind]}</strong> · {event.actorName ?? "Kizuna"} · <LocalTime value={event.createdAt} />
                  </div>
                  <div>
                    <EventSummary event={event} names={names} />
                  </div>
                  {event.body ? <p className="case-event-body">{event.body}</p> : null}
                </li>
              ))}
            </ol>
          </section>
        </div>

        {canWrite ? (
          <div className="stack">
            <section className="card" aria-labelledby="status-head">
              <h2 id="status-head">Status</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="status" />
                <div className="field">
                  <label htmlFor="status">Move to</label>
                  <select id="status" name="status" required>
                    {next.map((status) => (
                      <option key={status} value={status}>
                        {status === "open" ? "Open (reopen)" : CASE_STATUS_LABEL[status]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="reason">Reason</label>
                  <textarea id="reason" name="reason" rows={3} maxLength={CLOSE_REASON_MAX_LENGTH} />
                  <span className="hint">Required for won't fix; optional when resolving.</span>
                </div>
                {errorFor("status")}
                <button type="submit" disabled={busy}>
                  Change status
                </button>
              </Form>
            </section>

            <section className="card" aria-labelledby="assign-head">
              <h2 id="assign-head">Owner</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="assign" />
                <div className="field">
                  <label htmlFor="owner">Assign to</label>
                  <select id="owner" name="owner" defaultValue={c.ownerUserId ?? "none"}>
                    <option value="none">Nobody (unassigned)</option>
                    {assignees.map((assignee) => (
                      <option key={assignee.id} value={assignee.id}>
                        {assignee.name}
                      </option>
                    ))}
                  </select>
                </div>
                {errorFor("assign")}
                <button type="submit" disabled={busy}>
                  Assign
                </button>
              </Form>
            </section>

            <section className="card" aria-labelledby="reply-head">
              <h2 id="reply-head">Reply to {c.contactName ?? c.contactEmail}</h2>
              {suppressed ? (
                <p className="notice warn">{suppressed}</p>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="reply" />
                  <div className="field">
                    <label htmlFor="reply">Your reply</label>
                    <textarea id="reply" name="reply" rows={6} maxLength={CASE_REPLY_MAX_LENGTH} required />
                    <span className="hint">
                      Goes out by email in <strong>{replyLanguage}</strong> (the contact's language) as plain text; replies come back to your address.
                      {c.status === "open" ? " Sending marks the case contacted." : ""}
                    </span>
                  </div>
                  {errorFor("reply")}
                  <button type="submit" disabled={busy}>
                    Send reply
                  </button>
                </Form>
              )}
            </section>

            <section className="card" aria-labelledby="note-head">
              <h2 id="note-head">Internal note</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="note" />
                <div className="field">
                  <label htmlFor="note">Note</label>
                  <textarea id="note" name="note" rows={3} maxLength={CASE_NOTE_MAX_LENGTH} required />
                  <span className="hint">Only the team sees notes.</span>
                </div>
                {errorFor("note")}
                <button type="submit" disabled={busy} className="secondary">
                  Add note
                </button>
              </Form>
            </section>
          </div>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/cases", label: "Back to the cases" }} />;
}
