import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { StoryFormFields } from "../components/story-form";
import { useFormat } from "../components/use-format";
import { StaffStoryAction } from "../domain/stories";
import { consoleStory } from "../services/story-pages.server";
import { recordStoryConsent, revokeStoryConsent } from "../services/story-consent.server";
import { publishStory, sendBackStory, unpublishStory } from "../services/story-review.server";
import { commentOnStory, updateStory } from "../services/story-write.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf, requireId } from "../utils/refusal.server";
import { storyFieldErrors, storyFormValues, withIds } from "../utils/story-forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/cs/community/stories/:id`: review a story — edit, comment, send back, record or withdraw consent, publish. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:account:any");
  const t = await fixedT(user.language, "stories");
  const id = requireId(params);
  const page = consoleStory(id);
  if (!page) throw new Response(t("console.empty"), { status: 404 });
  const today = new Date().toISOString().slice(0, 10);
  return { ...page, today, title: t("console.detailTitle", { title: page.story.title }) };
}

type Reply = { ok: boolean; intent: string; message: string; values?: Record<string, string>; errors?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const id = requireId(params);
  const t = await fixedT(user.language, "stories");
  const values = storyFormValues(await request.formData());
  const intent = values.intent ?? "";
  const input = withIds(values, ["contactId"]);
  const parsed = StaffStoryAction.safeParse(input);
  if (!parsed.success) {
    const errors = storyFieldErrors(parsed.error, user.language);
    return data<Reply>({ ok: false, intent, message: errors.form ?? Object.values(errors)[0], values, errors }, { status: 400 });
  }
  const actor = { kind: "staff" as const, user, ip: clientIp(request) };
  const form = parsed.data;
  try {
    let message: string;
    if (form.intent === "save") {
      updateStory(actor, id, form);
      message = t("console.saved");
    } else if (form.intent === "comment") {
      commentOnStory(actor, id, form.body);
      message = t("console.commented");
    } else if (form.intent === "sendBack") {
      sendBackStory(actor, id, form.body);
      message = t("console.sentBack");
    } else if (form.intent === "publish") {
      publishStory(actor, id);
      message = t("console.published");
    } else if (form.intent === "unpublish") {
      unpublishStory(actor, id);
      message = t("console.unpublished");
    } else if (form.intent === "consent") {
      // The service checks the form's fields itself (from what was posted).
      recordStoryConsent(actor, id, input);
      message = t("console.consentRecorded");
    } else {
      revokeStoryConsent(actor, id);
      message = t("console.revoked");
    }
    return data<Reply>({ ok: true, intent, message });
  } catch (error) {
    const refusal = refusalOf(error, user.language);
    return data<Reply>(
      { ok: false, intent, message: refusal.message, values, errors: refusal.field ? { [refusal.field]: refusal.message } : {} },
      { status: refusal.status },
    );
  }
}

export default function ConsoleStory() {
  const { story, account, consent, consents, comments, contacts, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("stories");
  const format = useFormat();
  const separator = format.language === "ja" ? "、" : ", ";
  const errorsFor = (intent: string) => (reply && !reply.ok && reply.intent === intent ? (reply.errors ?? {}) : {});
  const contactName = (id: number) => {
    const contact = contacts.find((row) => row.id === id);
    return contact ? (contact.name ?? contact.email) : "—";
  };
  return (
    <>
      <div className="page-head">
        <div>
          <p className="small">
            <Link to="/cs/community/stories">{t("console.pipelineHeading")}</Link>
          </p>
          <h1>{story.title}</h1>
          <p>
            <span className={`badge story-status-${story.status}`}>{t(`status.${story.status}`)}</span> ·{" "}
            <Link to={`/cs/accounts/${account.id}`}>{account.name}</Link> · {story.industry}
            {story.status === "published" ? (
              <>
                {" "}
                · <a href={`/community/stories/${story.id}`}>{t("console.customerPage")}</a>
              </>
            ) : null}
          </p>
        </div>
        <div className="story-review-actions">
          {story.status === "published" ? (
            <Form method="post">
              <button type="submit" name="intent" value="unpublish" className="secondary">
                {t("console.unpublish")}
              </button>
            </Form>
          ) : (
            <Form method="post">
              <button type="submit" name="intent" value="publish">
                {t("console.publish")}
              </button>
            </Form>
          )}
        </div>
      </div>
      {reply ? (
        <div className={`notice ${reply.ok ? "success" : "error"}`} role={reply.ok ? "status" : "alert"}>
          {reply.message}
        </div>
      ) : null}

      <div className="story-console-grid">
        <section className="card" aria-labelledby="consent-heading">
          <h2 id="consent-heading">{t("console.consentHeading")}</h2>
          {consent ? (
            <>
              <p>
                {t("console.consentInForce", {
                  who: contactName(consent.contactId),
                  day: format.date(consent.agreedAt),
                  uses: consent.uses.map((use) => t(`console.uses.${use}`)).join(separator),
                })}
              </p>
              <Form method="post">
                <p className="muted small">{t("console.revokeHint")}</p>
                <button type="submit" name="intent" value="revokeConsent" className="danger">
                  {t("console.revoke")}
                </button>
              </Form>
            </>
          ) : (
            <p className="notice warn">{t("console.consentNone")}</p>
          )}
          <details open={!consent || (reply?.intent === "consent" && !reply.ok)}>
            <summary>{t("console.recordConsent")}</summary>
            <Form method="post" className="stack-tight" noValidate>
              <input type="hidden" name="intent" value="consent" />
              <div className="field">
                <label htmlFor="consent-contact">{t("console.consentContact")}</label>
                <select id="consent-contact" name="contactId" defaultValue={story.contactId ? String(story.contactId) : ""}>
                  <option value="">{t("advocacy.chooseContact")}</option>
                  {contacts.map((contact) => (
                    <option key={contact.id} value={contact.id}>
                      {contact.name ?? contact.email}
                    </option>
                  ))}
                </select>
                {errorsFor("consent").contactId ? <p className="field-error">{errorsFor("consent").contactId}</p> : null}
              </div>
              <div className="field">
                <label htmlFor="consent-day">{t("console.consentDay")}</label>
                <input id="consent-day" name="agreedOn" type="date" defaultValue={today} max={today} />
                {errorsFor("consent").agreedOn ? <p className="field-error">{errorsFor("consent").agreedOn}</p> : null}
              </div>
              <fieldset>
                <legend>{t("console.consentUses")}</legend>
                {(["community", "website", "salesDeck"] as const).map((use) => (
                  <label key={use} className="checkbox">
                    <input type="checkbox" name={use} /> {t(`console.uses.${use}`)}
                  </label>
                ))}
                {errorsFor("consent").community ? <p className="field-error">{errorsFor("consent").community}</p> : null}
              </fieldset>
              <div className="field">
                <label htmlFor="consent-note">{t("console.consentNote")}</label>
                <input id="consent-note" name="note" type="text" maxLength={500} />
              </div>
              <button type="submit">{t("console.consentSubmit")}</button>
            </Form>
          </details>
          {consents.length > 0 ? (
            <>
              <h3>{t("console.history")}</h3>
              <ul className="small story-consent-history">
                {consents.map((row) => (
                  <li key={row.id}>
                    {row.contactName ?? row.contactEmail} · {format.date(row.agreedAt)} ·{" "}
                    {(["community", "website", "salesDeck"] as const)
                      .filter((use) => row[use])
                      .map((use) => t(`console.uses.${use}`))
                      .join(separator)}
                    {row.recordedBy ? ` · ${t("console.recordedBy", { name: row.recordedBy })}` : null}
                    {row.revokedAt ? <span className="badge">{t("console.revokedOn", { day: format.date(row.revokedAt) })}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <section className="card" aria-labelledby="thread-heading">
          <h2 id="thread-heading">{t("console.thread")}</h2>
          {comments.length === 0 ? (
            <p className="muted">{t("console.noComments")}</p>
          ) : (
            <ol className="story-thread" role="list">
              {comments.map((comment) => (
                <li key={comment.id} className={comment.staffName ? "story-comment team" : "story-comment"}>
                  <p className="small flush">
                    <strong>{comment.staffName ? t("console.byTeam", { name: comment.staffName }) : comment.memberName}</strong>{" "}
                    <span className="muted">
                      <LocalTime value={comment.createdAt} />
                    </span>
                  </p>
                  <p className="story-comment-body">{comment.body}</p>
                </li>
              ))}
            </ol>
          )}
          <Form method="post" className="stack-tight">
            <div className="field">
              <label htmlFor="story-review-comment">{t("console.comment")}</label>
              <textarea id="story-review-comment" name="body" rows={3} />
              {errorsFor("comment").body || errorsFor("sendBack").body ? (
                <p className="field-error">{errorsFor("comment").body ?? errorsFor("sendBack").body}</p>
              ) : null}
            </div>
            <div className="button-row">
              <button type="submit" name="intent" value="comment" className="secondary">
                {t("console.commentSubmit")}
              </button>
              {story.status !== "draft" ? (
                <button type="submit" name="intent" value="sendBack">
                  {t("console.sendBack")}
                </button>
              ) : null}
            </div>
            {story.status !== "draft" ? <p className="muted small">{t("console.sendBackHint")}</p> : null}
          </Form>
        </section>
      </div>

      <section className="card" aria-labelledby="content-heading">
        <h2 id="content-heading">{t("console.contentHeading")}</h2>
        <Form method="post" className="story-form" noValidate>
          <StoryFormFields
            values={reply?.intent === "save" && !reply.ok && reply.values ? reply.values : story}
            errors={errorsFor("save")}
            idPrefix="console-story"
          />
          <button type="submit" name="intent" value="save">
            {t("console.save")}
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
