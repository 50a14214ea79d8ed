import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { CaseDue, CaseStatusBadge, useCaseStatusLabel } from "../components/case-status";
import { ResponseScore } from "../components/response-score";
import { useFormat } from "../components/use-format";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { FieldError, FormError } from "../components/settings-form";
import { CASE_FORM_INTENTS, CaseForm, type CaseFormIntent } from "../domain/case-forms";
import { firstError } from "../domain/form-input";
import type { Language } from "../locales";
import { RenewalDate, SegmentBadge } from "../components/segment-badge";
import type { Segment } from "../domain/segments";
import { CASE_NOTE_MAX_LENGTH, CASE_REPLY_MAX_LENGTH, CLOSE_REASON_MAX_LENGTH, nextStatuses, type CaseStatus } from "../domain/case-workflow";
import { can } from "../domain/permissions";
import { todayIso } from "../domain/rows";
import { findCaseDetail, listAssignableUsers, listCaseEvents } from "../models/case.server";
import { findSuppression } from "../models/suppression.server";
import { addCaseNote } from "../services/add-case-note.server";
import { assignCases } from "../services/assign-cases.server";
import { changeCaseStatus } from "../services/change-case-status.server";
import { onboardingTaskFacts, type OnboardingTaskFacts } from "../services/onboarding-task.server";
import { replyToCase, suppressedReplyMessage } from "../services/reply-to-case.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply, requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:case:any");
  const id = requireId(params);
  const t = await fixedT(user.language, "cases");
  const followUp = findCaseDetail(id);
  if (!followUp) throw new Response(t("detail.notFound"), { status: 404 });
  const canWrite = can(user.role, "write:case:any");
  const suppression = followUp.contactEmail === null ? undefined : findSuppression(followUp.contactEmail);
  return {
    title: t("detail.title", { id: followUp.id }),
    followUp,
    onboarding: followUp.enrolmentId === null ? null : onboardingTaskFacts(followUp.enrolmentId),
    events: listCaseEvents(id),
    canWrite,
    // Everyone sees the names in the timeline; only those who may write get the forms.
    assignees: listAssignableUsers(),
    next: nextStatuses(followUp.status),
    suppressed: suppression && followUp.contactEmail ? suppressedReplyMessage(followUp.contactEmail, suppression.reason, user.language) : null,
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

type Event = ReturnType<typeof useLoaderData<typeof loader>>["events"][number];

const PROMOTER_KINDS = ["reference", "community", "review"] as const;

/**
 * An event's line, from its kind and data in the reader's language. A promoter action's stored
 * body is an English sentence from before the data named the address; the address is read from it.
 */
function EventSummary({ event, names }: { event: Event; names: Map<number, string> }) {
  const { t } = useTranslation("cases");
  const statusLabel = useCaseStatusLabel();
  const d = (event.data ?? {}) as Record<string, unknown>;
  const who = (value: unknown) => (typeof value === "number" ? (names.get(value) ?? t("detail.userN", { id: value })) : t("detail.nobody"));
  const status = (value: unknown) => (typeof value === "string" && value in STATUS_SET ? statusLabel(value as CaseStatus) : String(value));
  switch (event.kind) {
    case "opened":
      return <>{d.ownerUserId ? t("detail.openedOwned", { name: who(d.ownerUserId) }) : t("detail.openedUnassigned")}</>;
    case "assigned":
      return <>{t("detail.ownerChanged", { from: who(d.from), to: who(d.to) })}</>;
    case "status": {
      const key = d.reopened ? "detail.reopened" : d.via === "reply" ? "detail.statusByReply" : "detail.statusChanged";
      return <>{t(key, { from: status(d.from), to: status(d.to) })}</>;
    }
    case "reply":
      return (
        <>
          {t("detail.emailed", {
            to: typeof d.to === "string" ? d.to : t("detail.theContact"),
            language: t(`detail.language.${d.locale === "ja" ? "ja" : "en"}`),
          })}
          {event.outboxId ? `${t("console:shared.sentenceGap")}${t("detail.inOutbox")}` : null}
        </>
      );
    case "promoter-action": {
      const kind = PROMOTER_KINDS.find((k) => k === d.kind);
      if (!kind) return <>{t("detail.eventLabel.promoter-action")}</>;
      const action = t(`detail.promoterAction.${kind}`);
      const to = typeof d.to === "string" ? d.to : (/emailed (\S+)$/.exec(event.body ?? "")?.[1] ?? null);
      return <>{to ? t("detail.promoterEmailed", { action, to }) : t("detail.promoterRecorded", { action })}</>;
    }
    default:
      return <>{t(`detail.eventLabel.${event.kind}`)}</>;
  }
}

const STATUS_SET = { open: 1, contacted: 1, resolved: 1, wont_fix: 1 } as const;

export default function CasePage() {
  const { followUp: c, onboarding, events, canWrite, assignees, next, suppressed, now, today } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  const { t: tasks } = useTranslation("tasks");
  const format = useFormat();
  const replyLanguage = t(`detail.language.${c.contactLocale === "ja" ? "ja" : "en"}`);
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
        <Link to="/cs/cases">{t("detail.breadcrumb")}</Link> / {t("detail.crumb", { id: c.id })}
      </p>
      <div className="page-head">
        <div>
          <h1>
            {c.kind === "follow_up"
              ? t("detail.heading", { who: c.contactName ?? c.contactEmail, account: c.accountName })
              : tasks("detail.heading", { kind: tasks(`kind.${c.kind}`), account: c.accountName })}{" "}
            <CaseStatusBadge status={c.status} />
          </h1>
          <p>
            <CaseDue status={c.status} dueAt={c.dueAt} now={now} /> · {t("detail.owner", { name: c.ownerName ?? t("detail.unassigned") })} ·{" "}
            <Trans t={t} i18nKey="detail.opened" components={{ date: <LocalTime value={c.createdAt} /> }} />
            {c.closeReason ? <> · {t("detail.closingNote", { note: c.closeReason })}</> : null}
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
          {c.responseId === null || c.score === null || c.category === null || c.answeredAt === null ? (
            <OnboardingPanel
              facts={onboarding}
              account={{ id: c.accountId, name: c.accountName, segment: c.segment, acvAmount: c.acvAmount, acvCurrency: c.acvCurrency }}
              openedAt={c.createdAt}
            />
          ) : (
            <section className="card" aria-labelledby="feedback-head">
              <h2 id="feedback-head">{t("detail.feedback")}</h2>
              <p>
                <ResponseScore score={c.score} category={c.category} />{" "}
                <Trans t={t} i18nKey="detail.answered" components={{ date: <LocalTime value={c.answeredAt} /> }} /> ·{" "}
                <Link to={`/cs/responses/${c.responseId}`}>{t("detail.openResponse")}</Link>
              </p>
              {c.comment ? <blockquote className="case-comment">{c.comment}</blockquote> : <p className="muted">{t("detail.noComment")}</p>}
              <dl className="case-facts">
                <dt>{t("detail.respondent")}</dt>
                <dd>
                  {c.contactName ?? <span className="muted">{t("detail.noName")}</span>} · {c.contactEmail} · {replyLanguage}
                  {c.contactUnsubscribedAt ? <span className="muted"> · {t("detail.unsubscribed")}</span> : null}
                </dd>
                <dt>{t("detail.account")}</dt>
                <dd>
                  <Link to={`/cs/accounts/${c.accountId}`}>{c.accountName}</Link> <SegmentBadge segment={c.segment} />
                </dd>
                <dt>{t("detail.acv")}</dt>
                <dd>{c.acvAmount === null ? "—" : format.money(c.acvAmount, c.acvCurrency)}</dd>
                <dt>{t("detail.renewal")}</dt>
                <dd>
                  <RenewalDate date={c.renewalDate} today={today} />
                </dd>
              </dl>
            </section>
          )}

          <section className="card" aria-labelledby="timeline-head">
            <h2 id="timeline-head">{t("detail.timeline")}</h2>
            {events.length === 0 ? <p className="muted">{t("detail.nothingYet")}</p> : null}
            <ol className="case-timeline">
              {events.map((event) => (
                <li key={event.id} className={`case-event ${event.kind}`}>
                  <div className="case-event-head">
                    <strong>{t(`detail.eventLabel.${event.kind}`)}</strong> · {event.actorName ?? t("detail.system")} · <LocalTime value={event.createdAt} />
                  </div>
                  <div>
                    <EventSummary event={event} names={names} />
                  </div>
                  {event.body && event.kind !== "promoter-action" ? <p className="case-event-body">{event.body}</p> : null}
                </li>
              ))}
            </ol>
          </section>
        </div>

        {canWrite ? (
          <div className="stack">
            <section className="card" aria-labelledby="status-head">
              <h2 id="status-head">{t("detail.status")}</h2>
              <StatusForm next={next} lastResult={replyFor("status")} busy={busy} />
            </section>

            <section className="card" aria-labelledby="assign-head">
              <h2 id="assign-head">{t("detail.ownerHead")}</h2>
              <AssignForm owner={c.ownerUserId} assignees={assignees} lastResult={replyFor("assign")} busy={busy} />
            </section>

            {c.contactEmail === null ? (
              <p className="notice">{tasks("detail.noContact")}</p>
            ) : (
              <section className="card" aria-labelledby="reply-head">
                <h2 id="reply-head">{t("detail.replyTo", { who: c.contactName ?? c.contactEmail })}</h2>
                {suppressed ? (
                  <p className="notice warn">{suppressed}</p>
                ) : (
                  <ReplyForm lastResult={replyFor("reply")} busy={busy}>
                    <Trans t={t} i18nKey="detail.replyHint" values={{ language: replyLanguage }} components={{ strong: <strong /> }} />
                    {c.status === "open" ? `${t("console:shared.sentenceGap")}${t("detail.replyMarksContacted")}` : ""}
                  </ReplyForm>
                )}
              </section>
            )}

            <section className="card" aria-labelledby="note-head">
              <h2 id="note-head">{t("detail.internalNote")}</h2>
              <NoteForm lastResult={replyFor("note")} busy={busy} />
            </section>
          </div>
        ) : null}
      </div>
    </>
  );
}

/** An onboarding task's subject: the account, its guide, the step it stalled on and how far it got. */
function OnboardingPanel({
  facts,
  account,
  openedAt,
}: {
  facts: OnboardingTaskFacts | null;
  account: { id: number; name: string; segment: Segment; acvAmount: number | null; acvCurrency: string };
  openedAt: number;
}) {
  const { t, i18n } = useTranslation("tasks");
  const { t: cases } = useTranslation("cases");
  const format = useFormat();
  const language = i18n.language === "ja" ? "ja" : "en";
  return (
    <section className="card" aria-labelledby="onboarding-head">
      <h2 id="onboarding-head">{t("detail.onboarding")}</h2>
      <dl className="case-facts">
        <dt>{cases("detail.account")}</dt>
        <dd>
          <Link to={`/cs/accounts/${account.id}`}>{account.name}</Link> <SegmentBadge segment={account.segment} /> ·{" "}
          <Link to={`/cs/accounts/${account.id}`}>{t("detail.account360")}</Link>
        </dd>
        <dt>{cases("detail.acv")}</dt>
        <dd>{account.acvAmount === null ? "—" : format.money(account.acvAmount, account.acvCurrency)}</dd>
        {facts ? (
          <>
            <dt>{t("detail.guide")}</dt>
            <dd>{t("detail.guideVersion", { name: facts.guideName[language], version: facts.version })}</dd>
            <dt>{t("detail.stalledOn")}</dt>
            <dd>{facts.stalledOn ? <strong>{facts.stalledOn.title[language]}</strong> : t("detail.allDone")}</dd>
            <dt>{t("detail.progress")}</dt>
            <dd>{t("detail.progressSteps", { done: facts.done, total: facts.total })}</dd>
            <dt>{t("detail.started")}</dt>
            <dd>{format.day(facts.startedAt)}</dd>
            <dt>{t("detail.lastProgress")}</dt>
            <dd>{facts.lastProgressAt === null ? t("detail.noProgress") : <LocalTime value={facts.lastProgressAt} />}</dd>
            <dt>{t("detail.activated")}</dt>
            <dd>{facts.activatedAt === null ? t("detail.notActivated") : <LocalTime value={facts.activatedAt} />}</dd>
            <dt>{t("detail.stalledSince")}</dt>
            <dd>{facts.stalledAt === null ? "—" : <LocalTime value={facts.stalledAt} />}</dd>
          </>
        ) : null}
      </dl>
      {!facts ? <p className="muted">{t("detail.noGuide")}</p> : null}
      {facts && facts.lastProgressAt !== null && facts.lastProgressAt > openedAt ? <p className="notice">{t("detail.movingAgain")}</p> : null}
    </section>
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

function StatusForm({ next, lastResult, busy }: FormProps & { next: readonly CaseStatus[] }) {
  const { t } = useTranslation("cases");
  const statusLabel = useCaseStatusLabel();
  const [form, fields] = useCaseForm("case-status", lastResult, { intent: "status", status: next[0] ?? "", reason: "" });
  const hintId = `${fields.reason.id}-hint`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="status" />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.status.id}>{t("detail.moveTo")}</label>
        <select {...getSelectProps(fields.status)} required>
          {next.map((status) => (
            <option key={status} value={status}>
              {status === "open" ? t("detail.reopen") : statusLabel(status)}
            </option>
          ))}
        </select>
        <FieldError errors={fields.status.errors} id={fields.status.errorId} />
      </div>
      <div className="field">
        <label htmlFor={fields.reason.id}>{t("detail.reason")}</label>
        <textarea {...getTextareaProps(fields.reason, { ariaDescribedBy: hintId })} rows={3} maxLength={CLOSE_REASON_MAX_LENGTH} />
        <span className="hint" id={hintId}>
          {t("detail.reasonHint")}
        </span>
        <FieldError errors={fields.reason.errors} id={fields.reason.errorId} />
      </div>
      <button type="submit" disabled={busy}>
        {t("detail.changeStatus")}
      </button>
    </Form>
  );
}

function AssignForm({ owner, assignees, lastResult, busy }: FormProps & { owner: number | null; assignees: { id: number; name: string }[] }) {
  const { t } = useTranslation("cases");
  const [form, fields] = useCaseForm("case-assign", lastResult, { intent: "assign", owner: owner === null ? "none" : String(owner) });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="assign" />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.owner.id}>{t("detail.assignTo")}</label>
        <select {...getSelectProps(fields.owner)}>
          <option value="none">{t("detail.nobodyOption")}</option>
          {assignees.map((assignee) => (
            <option key={assignee.id} value={assignee.id}>
              {assignee.name}
            </option>
          ))}
        </select>
        <FieldError errors={fields.owner.errors} id={fields.owner.errorId} />
      </div>
      <button type="submit" disabled={busy}>
        {t("detail.assign")}
      </button>
    </Form>
  );
}

function ReplyForm({ lastResult, busy, children }: FormProps & { children: ReactNode }) {
  const { t } = useTranslation("cases");
  const [form, fields] = useCaseForm("case-reply", lastResult, { intent: "reply", reply: "" });
  const hintId = `${fields.reply.id}-hint`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="reply" />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.reply.id}>{t("detail.yourReply")}</label>
        <textarea {...getTextareaProps(fields.reply, { ariaDescribedBy: hintId })} rows={6} maxLength={CASE_REPLY_MAX_LENGTH} required />
        <span className="hint" id={hintId}>
          {children}
        </span>
        <FieldError errors={fields.reply.errors} id={fields.reply.errorId} />
      </div>
      <button type="submit" disabled={busy}>
        {t("detail.sendReply")}
      </button>
    </Form>
  );
}

function NoteForm({ lastResult, busy }: FormProps) {
  const { t } = useTranslation("cases");
  const [form, fields] = useCaseForm("case-note", lastResult, { intent: "note", note: "" });
  const hintId = `${fields.note.id}-hint`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="note" />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.note.id}>{t("detail.note")}</label>
        <textarea {...getTextareaProps(fields.note, { ariaDescribedBy: hintId })} rows={3} maxLength={CASE_NOTE_MAX_LENGTH} required />
        <span className="hint" id={hintId}>
          {t("detail.noteHint")}
        </span>
        <FieldError errors={fields.note.errors} id={fields.note.errorId} />
      </div>
      <button type="submit" disabled={busy} className="secondary">
        {t("detail.addNote")}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("cases");
  return <ConsoleError back={{ to: "/cs/cases", label: t("detail.back") }} />;
}
