import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { CaseDue, CaseStatusBadge } from "../components/case-status";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { FieldError, FormError } from "../components/settings-form";
import { CASE_FORM_INTENTS, CaseForm, type CaseFormIntent } from "../domain/case-forms";
import { firstError } from "../domain/form-input";
import type { Language } from "../locales";
import { RenewalDate, SegmentBadge } from "../components/segment-badge";
import { CASE_NOTE_MAX_LENGTH, CASE_REPLY_MAX_LENGTH, CASE_STATUS_LABEL, CLOSE_REASON_MAX_LENGTH, nextStatuses } from "../domain/case-workflow";
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
import { refusalReply, requireId } from "../utils/refusal.server";

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

/**
 * Which of the page's forms answered (a form that is none of them: `intent` null), conform's reply
 * for it, and its first refusal in a sentence.
 */
type ActionResult = { ok: false; intent: CaseFormIntent | null; result: SubmissionResult<string[]>; message: string };

function refused(intent: CaseFormIntent | null, result: SubmissionResult<string[]>, status: number, language: Language) {
  return data<ActionResult>({ ok: false, intent, result, message: firstError(result, language) }, { status });
}

/** Four forms, told apart by `intent` (schema: domain/case-forms); success goes back to the case. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:case:any");
  const id = requireId(params);
  const submission = parseWithZod(await request.formData(), { schema: CaseForm });
  const posted = CASE_FORM_INTENTS.find((name) => name === submission.payload.intent) ?? null;
  if (submission.status !== "success") return refused(posted, submission.reply(), 400, user.language);
  const actor = { user, ip: clientIp(request) };
  const input = submission.value;
  try {
    if (input.intent === "status") changeCaseStatus(actor, id, input.status, input.reason);
    else if (input.intent === "assign") assignCases(actor, [id], input.owner);
    else if (input.intent === "note") addCaseNote(actor, id, input.note);
    else await replyToCase(actor, id, input.reply);
    return redirect(`/cs/cases/${id}`);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return refused(input.intent, result, status, user.language);
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
  const replyFor = (intent: CaseFormIntent) => (actionData?.intent === intent ? actionData.result : undefined);
  const unanswered = actionData?.intent === null ? actionData.message : null;

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
      {unanswered ? (
        <p className="notice error" role="alert">
          {unanswered}
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
              <StatusForm next={next} lastResult={replyFor("status")} busy={busy} />
            </section>

            <section className="card" aria-labelledby="assign-head">
              <h2 id="assign-head">Owner</h2>
              <AssignForm owner={c.ownerUserId} assignees={assignees} lastResult={replyFor("assign")} busy={busy} />
            </section>

            <section className="card" aria-labelledby="reply-head">
              <h2 id="reply-head">Reply to {c.contactName ?? c.contactEmail}</h2>
              {suppressed ? (
                <p className="notice warn">{suppressed}</p>
              ) : (
                <ReplyForm lastResult={replyFor("reply")} busy={busy}>
                  Goes out by email in <strong>{replyLanguage}</strong> (the contact's language) as plain text; replies come back to your address.
                  {c.status === "open" ? " Sending marks the case contacted." : ""}
                </ReplyForm>
              )}
            </section>

            <section className="card" aria-labelledby="note-head">
              <h2 id="note-head">Internal note</h2>
              <NoteForm lastResult={replyFor("note")} busy={busy} />
            </section>
          </div>
        ) : null}
      </div>
    </>
  );
}

type FormProps = { lastResult: SubmissionResult<string[]> | undefined; busy: boolean };

/** One of the case page's forms: conform's state for it, checked in the browser by the same schema as the action. */
function useCaseForm(id: string, lastResult: SubmissionResult<string[]> | undefined, defaultValue: Record<string, string>) {
  return useForm({
    id,
    lastResult,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CaseForm }),
  });
}

function StatusForm({ next, lastResult, busy }: FormProps & { next: readonly (keyof typeof CASE_STATUS_LABEL)[] }) {
  const [form, fields] = useCaseForm("case-status", lastResult, { intent: "status", status: next[0] ?? "", reason: "" });
  const hintId = `${fields.reason.id}-hint`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="status" />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.status.id}>Move to</label>
        <select {...getSelectProps(fields.status)} required>
          {next.map((status) => (
            <option key={status} value={status}>
              {status === "open" ? "Open (reopen)" : CASE_STATUS_LABEL[status]}
            </option>
          ))}
        </select>
        <FieldError errors={fields.status.errors} id={fields.status.errorId} />
      </div>
      <div className="field">
        <label htmlFor={fields.reason.id}>Reason</label>
        <textarea {...getTextareaProps(fields.reason, { ariaDescribedBy: hintId })} rows={3} maxLength={CLOSE_REASON_MAX_LENGTH} />
        <span className="hint" id={hintId}>
          Required for won't fix; optional when resolving.
        </span>
        <FieldError errors={fields.reason.errors} id={fields.reason.errorId} />
      </div>
      <button type="submit" disabled={busy}>
        Change status
      </button>
    </Form>
  );
}

function AssignForm({ owner, assignees, lastResult, busy }: FormProps & { owner: number | null; assignees: { id: number; name: string }[] }) {
  const [form, fields] = useCaseForm("case-assign", lastResult, { intent: "assign", owner: owner === null ? "none" : String(owner) });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="assign" />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.owner.id}>Assign to</label>
        <select {...getSelectProps(fields.owner)}>
          <option value="none">Nobody (unassigned)</option>
          {assignees.map((assignee) => (
            <option key={assignee.id} value={assignee.id}>
              {assignee.name}
            </option>
          ))}
        </select>
        <FieldError errors={fields.owner.errors} id={fields.owner.errorId} />
      </div>
      <button type="submit" disabled={busy}>
        Assign
      </button>
    </Form>
  );
}

function ReplyForm({ lastResult, busy, children }: FormProps & { children: ReactNode }) {
  const [form, fields] = useCaseForm("case-reply", lastResult, { intent: "reply", reply: "" });
  const hintId = `${fields.reply.id}-hint`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="reply" />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.reply.id}>Your reply</label>
        <textarea {...getTextareaProps(fields.reply, { ariaDescribedBy: hintId })} rows={6} maxLength={CASE_REPLY_MAX_LENGTH} required />
        <span className="hint" id={hintId}>
          {children}
        </span>
        <FieldError errors={fields.reply.errors} id={fields.reply.errorId} />
      </div>
      <button type="submit" disabled={busy}>
        Send reply
      </button>
    </Form>
  );
}

function NoteForm({ lastResult, busy }: FormProps) {
  const [form, fields] = useCaseForm("case-note", lastResult, { intent: "note", note: "" });
  const hintId = `${fields.note.id}-hint`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="note" />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.note.id}>Note</label>
        <textarea {...getTextareaProps(fields.note, { ariaDescribedBy: hintId })} rows={3} maxLength={CASE_NOTE_MAX_LENGTH} required />
        <span className="hint" id={hintId}>
          Only the team sees notes.
        </span>
        <FieldError errors={fields.note.errors} id={fields.note.errorId} />
      </div>
      <button type="submit" disabled={busy} className="secondary">
        Add note
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/cases", label: "Back to the cases" }} />;
}
