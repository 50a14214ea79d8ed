import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdvocacyDetail } from "../components/advocacy-panel";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { REFERENCE_OUTCOMES, REVIEW_SITES } from "../domain/advocacy-timeline";
import { dayInZone } from "../domain/zone-days";
import { findAccountBrief, listAccountContactChoices, listStoriesOfAccount } from "../models/story.server";
import { teamTimeZone } from "../models/settings.server";
import { accountAdvocacyTimeline, contactAdvocacyTimeline, logAdvocacy } from "../services/advocacy-timeline.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf, requireId } from "../utils/refusal.server";
import { storyFormValues, withIds } from "../utils/story-forms.server";

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

type Reply = { ok: boolean; intent: string; message: string; field?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:response:any");
  const id = requireId(params);
  const t = await fixedT(user.language, "stories");
  const values = storyFormValues(await request.formData());
  const intent = values.intent ?? "";
  if (!findAccountBrief(id)) throw new Response(t("advocacy.empty"), { status: 404 });
  try {
    logAdvocacy({ user, ip: clientIp(request) }, id, withIds(values, ["contactId"]));
    return data<Reply>({ ok: true, intent, message: t("advocacy.logged") });
  } catch (error) {
    const refusal = refusalOf(error, user.language);
    return data<Reply>({ ok: false, intent, message: refusal.message, field: refusal.field }, { status: refusal.status });
  }
}

export default function AdvocacyTimelinePage() {
  const { account, contacts, contactId, entries, totals, stories, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("stories");
  const total = Object.values(totals).reduce((sum, n) => sum + n, 0);
  const contactSelect = (idFor: string) => (
    <div className="field">
      <label htmlFor={idFor}>{t("advocacy.contact")}</label>
      <select id={idFor} name="contactId" defaultValue={contactId ? String(contactId) : ""}>
        <option value="">{t("advocacy.chooseContact")}</option>
        {contacts.map((contact) => (
          <option key={contact.id} value={contact.id}>
            {contact.name ?? contact.email}
          </option>
        ))}
      </select>
    </div>
  );
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
            <Form method="post" className="stack-tight" noValidate>
              <input type="hidden" name="intent" value="logReference" />
              {contactSelect("reference-contact")}
              <div className="field">
                <label htmlFor="reference-day">{t("advocacy.day")}</label>
                <input id="reference-day" name="on" type="date" defaultValue={today} max={today} />
              </div>
              <div className="field">
                <label htmlFor="reference-prospect">{t("advocacy.prospect")}</label>
                <input id="reference-prospect" name="prospect" type="text" maxLength={120} />
              </div>
              <div className="field">
                <label htmlFor="reference-outcome">{t("advocacy.outcome")}</label>
                <select id="reference-outcome" name="outcome" defaultValue="positive">
                  {REFERENCE_OUTCOMES.map((outcome) => (
                    <option key={outcome} value={outcome}>
                      {t(`advocacy.outcomeLabels.${outcome}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="reference-note">{t("advocacy.note")}</label>
                <input id="reference-note" name="note" type="text" maxLength={500} />
              </div>
              <button type="submit">{t("advocacy.referenceSubmit")}</button>
            </Form>
          </section>
          <section className="card" aria-labelledby="log-review">
            <h2 id="log-review">{t("advocacy.logReview")}</h2>
            <Form method="post" className="stack-tight" noValidate>
              <input type="hidden" name="intent" value="logReview" />
              {contactSelect("review-contact")}
              <div className="field">
                <label htmlFor="review-day">{t("advocacy.day")}</label>
                <input id="review-day" name="on" type="date" defaultValue={today} max={today} />
              </div>
              <div className="field">
                <label htmlFor="review-site">{t("advocacy.site")}</label>
                <select id="review-site" name="site" defaultValue="g2">
                  {REVIEW_SITES.map((site) => (
                    <option key={site} value={site}>
                      {t(`advocacy.sites.${site}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="review-url">{t("advocacy.url")}</label>
                <input id="review-url" name="url" type="url" maxLength={2000} />
              </div>
              <button type="submit">{t("advocacy.reviewSubmit")}</button>
            </Form>
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
