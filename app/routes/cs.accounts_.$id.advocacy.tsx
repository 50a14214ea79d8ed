import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AdvocacyDetail } from "../components/advocacy-panel";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { FieldError, FormError } from "../components/settings-form";
import { advocacyLogForm, REFERENCE_OUTCOMES, REVIEW_SITES } from "../domain/advocacy-timeline";
import { wordMessage } from "../domain/field-message";
import { dayInZone } from "../domain/zone-days";
import { findAccountBrief, listAccountContactChoices, listStoriesOfAccount } from "../models/story.server";
import { teamTimeZone } from "../models/settings.server";
import { accountAdvocacyTimeline, contactAdvocacyTimeline, logAdvocacy } from "../services/advocacy-timeline.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply, requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/cs/accounts/:id/advocacy?contact=`: the account's (or one contact's) advocacy timeline, and where staff log references and reviews. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:account:any");
  const t = await fixedT(user.language, "stories");
  const id = requireId(params);
  const account = findAccountBrief(id);
  if (!account) throw new Response(t("advocacy.empty"), { status: 404 });
  const contacts = listAccountContactChoices(id);
  const raw = new URL(request.url).searchParams.get("contact") ?? "";
  const contact = contacts.find((row) => String(row.id) === raw) ?? null;
  const timeline = contact ? contactAdvocacyTimeline(contact.id) : accountAdvocacyTimeline(id);
  return {
    account,
    contacts,
    contactId: contact?.id ?? null,
    ...timeline,
    stories: listStoriesOfAccount(id),
    today: dayInZone(Date.now(), teamTimeZone()),
    title: t("advocacy.pageTitle", { name: account.name }),
  };
}

const LOG_INTENTS = ["logReference", "logReview"] as const;
type LogIntent = (typeof LOG_INTENTS)[number];
type Reply = { ok: boolean; intent: LogIntent | null; message: string; field?: string; result: SubmissionResult<string[]> };

/** The first message of a refused submission, worded for the reader (the page's notice; the field shows it too). */
function firstMessage(result: SubmissionResult<string[]>, language: "en" | "ja"): string {
  const first = Object.values(result.error ?? {}).find((messages) => messages?.length)?.[0] ?? "";
  return wordMessage(first, language);
}

/** Two forms told apart by `intent` (schema: domain/advocacy-timeline's advocacyLogForm): log a reference call or a review. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:response:any");
  const id = requireId(params);
  const t = await fixedT(user.language, "stories");
  if (!findAccountBrief(id)) throw new Response(t("advocacy.empty"), { status: 404 });
  const submission = parseWithZod(await request.formData(), { schema: advocacyLogForm(dayInZone(Date.now(), teamTimeZone())) });
  const intent = LOG_INTENTS.find((name) => name === submission.payload.intent) ?? null;
  if (submission.status !== "success") {
    const result = submission.reply();
    const field = Object.keys(result.error ?? {}).find((key) => result.error?.[key]?.length);
    return data<Reply>({ ok: false, intent, message: firstMessage(result, user.language), field, result }, { status: 400 });
  }
  try {
    logAdvocacy({ user, ip: clientIp(request) }, id, submission.value);
    return data<Reply>({ ok: true, intent, message: t("advocacy.logged"), result: submission.reply({ resetForm: true }) });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    const field = Object.keys(result.error ?? {}).find((key) => key && result.error?.[key]?.length);
    return data<Reply>({ ok: false, intent, message: firstMessage(result, user.language), field, result }, { status });
  }
}

/** One of the two log forms: conform's state, checked in the browser by the same schema as the action. */
function LogForm({
  intent,
  reply,
  today,
  contactId,
  contacts,
  submitLabel,
  children,
}: {
  intent: LogIntent;
  reply: Reply | undefined;
  today: string;
  contactId: number | null;
  contacts: { id: number; name: string | null; email: string }[];
  submitLabel: string;
  children: (fields: ReturnType<typeof useLogForm>[1]) => ReactNode;
}) {
  const { t } = useTranslation("stories");
  const [form, fields] = useLogForm(intent, reply, today, contactId);
  return (
    <Form method="post" className="stack-tight" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <FormError errors={form.errors} id={form.errorId} />
      <div className="field">
        <label htmlFor={fields.contactId.id}>{t("advocacy.contact")}</label>
        <select {...getSelectProps(fields.contactId)}>
          <option value="">{t("advocacy.chooseContact")}</option>
          {contacts.map((contact) => (
            <option key={contact.id} value={contact.id}>
              {contact.name ?? contact.email}
            </option>
          ))}
        </select>
        <FieldError errors={fields.contactId.errors} id={fields.contactId.errorId} />
      </div>
      <div className="field">
        <label htmlFor={fields.on.id}>{t("advocacy.day")}</label>
        <input {...getInputProps(fields.on, { type: "date" })} max={today} />
        <FieldError errors={fields.on.errors} id={fields.on.errorId} />
      </div>
      {children(fields)}
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}

function useLogForm(intent: LogIntent, reply: Reply | undefined, today: string, contactId: number | null) {
  return useForm({
    id: `advocacy-${intent}`,
    lastResult: reply?.intent === intent ? reply.result : undefined,
    defaultValue: { contactId: contactId ? String(contactId) : "", on: today, outcome: "positive", site: "g2" },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: advocacyLogForm(today) }),
  });
}

export default function AdvocacyTimelinePage() {
  const { account, contacts, contactId, entries, totals, stories, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const contactsShown = contacts.map((contact) => ({ id: contact.id, name: contact.name, email: contact.email }));
  const { t } = useTranslation("stories");
  const total = Object.values(totals).reduce((sum, n) => sum + n, 0);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="small">
            <Link to={`/cs/accounts/${account.id}`}>{account.name}</Link>
          </p>
          <h1>{t("advocacy.pageHeading")}</h1>
          <p>{t("advocacy.pageIntro")}</p>
        </div>
      </div>
      {reply ? (
        <div className={`notice ${reply.ok ? "success" : "error"}`} role={reply.ok ? "status" : "alert"}>
          {reply.message}
        </div>
      ) : null}
      <div className="advocacy-page-grid">
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t("advocacy.panelHeading")}</h2>
          <Form method="get" className="inline-form">
            <label htmlFor="timeline-contact">{t("advocacy.contactFilter")}</label>
            <select id="timeline-contact" name="contact" defaultValue={contactId ? String(contactId) : ""}>
              <option value="">{t("advocacy.allContacts")}</option>
              {contacts.map((contact) => (
                <option key={contact.id} value={contact.id}>
                  {contact.name ?? contact.email}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              {t("advocacy.show")}
            </button>
          </Form>
          {entries.length === 0 ? (
            <p className="muted">{t("advocacy.empty")}</p>
          ) : (
            <div className="table-wrap flat">
              <table>
                <caption className="visually-hidden">{t("advocacy.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="nowrap">
                      {t("advocacy.when")}
                    </th>
                    <th scope="col" className="nowrap">
                      {t("advocacy.what")}
                    </th>
                    <th scope="col" className="nowrap">
                      {t("advocacy.who")}
                    </th>
                    <th scope="col" className="nowrap">
                      {t("advocacy.source")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.id}>
                      <td className="nowrap small">
                        <LocalTime value={entry.at} dateOnly />
                      </td>
                      <td>
                        <strong>{t(`advocacy.kinds.${entry.kind}`)}</strong>
                        <div className="small">
                          <AdvocacyDetail entry={entry} />
                        </div>
                      </td>
                      <td>{entry.contactName ?? "—"}</td>
                      <td className="small">
                        {t(`advocacy.sources.${entry.source as "staff"}`)}
                        {entry.recordedBy ? <div className="muted">{entry.recordedBy}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="muted small">{t("advocacy.more", { count: total })}</p>
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="log-reference">
            <h2 id="log-reference">{t("advocacy.logReference")}</h2>
            <LogForm
              intent="logReference"
              reply={reply}
              today={today}
              contactId={contactId}
              contacts={contactsShown}
              submitLabel={t("advocacy.referenceSubmit")}
            >
              {(fields) => (
                <>
                  <div className="field">
                    <label htmlFor={fields.prospect.id}>{t("advocacy.prospect")}</label>
                    <input {...getInputProps(fields.prospect, { type: "text" })} maxLength={120} />
                    <FieldError errors={fields.prospect.errors} id={fields.prospect.errorId} />
                  </div>
                  <div className="field">
                    <label htmlFor={fields.outcome.id}>{t("advocacy.outcome")}</label>
                    <select {...getSelectProps(fields.outcome)}>
                      {REFERENCE_OUTCOMES.map((outcome) => (
                        <option key={outcome} value={outcome}>
                          {t(`advocacy.outcomeLabels.${outcome}`)}
                        </option>
                      ))}
                    </select>
                    <FieldError errors={fields.outcome.errors} id={fields.outcome.errorId} />
                  </div>
                  <div className="field">
                    <label htmlFor={fields.note.id}>{t("advocacy.note")}</label>
                    <input {...getInputProps(fields.note, { type: "text" })} maxLength={500} />
                    <FieldError errors={fields.note.errors} id={fields.note.errorId} />
                  </div>
                </>
              )}
            </LogForm>
          </section>
          <section className="card" aria-labelledby="log-review">
            <h2 id="log-review">{t("advocacy.logReview")}</h2>
            <LogForm intent="logReview" reply={reply} today={today} contactId={contactId} contacts={contactsShown} submitLabel={t("advocacy.reviewSubmit")}>
              {(fields) => (
                <>
                  <div className="field">
                    <label htmlFor={fields.site.id}>{t("advocacy.site")}</label>
                    <select {...getSelectProps(fields.site)}>
                      {REVIEW_SITES.map((site) => (
                        <option key={site} value={site}>
                          {t(`advocacy.sites.${site}`)}
                        </option>
                      ))}
                    </select>
                    <FieldError errors={fields.site.errors} id={fields.site.errorId} />
                  </div>
                  <div className="field">
                    <label htmlFor={fields.url.id}>{t("advocacy.url")}</label>
                    <input {...getInputProps(fields.url, { type: "url" })} maxLength={2000} />
                    <FieldError errors={fields.url.errors} id={fields.url.errorId} />
                  </div>
                </>
              )}
            </LogForm>
          </section>
          {stories.length > 0 ? (
            <section className="card" aria-labelledby="account-stories">
              <h2 id="account-stories">{t("advocacy.stories")}</h2>
              <ul role="list">
                {stories.map((story) => (
                  <li key={story.id}>
                    <Link to={`/cs/community/stories/${story.id}`}>{story.title}</Link> <span className="badge">{t(`status.${story.status}`)}</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
