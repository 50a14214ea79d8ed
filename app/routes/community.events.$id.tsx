import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RegistrationForm, SurveyForm } from "../domain/meetups";
import { errorMessage, isServiceError } from "../domain/service-error";
import { cancelMeetupRegistration, registerForMeetup } from "../services/meetup-registration.server";
import { meetupPage, type MeetupPage } from "../services/meetup-pages.server";
import { answerSurveyAsReader } from "../services/meetup-survey.server";
import { requireCommunityReader } from "../utils/community-access.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { MeetupSurveyFields } from "../components/meetup-survey";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const DONE = ["confirmed", "waitlisted", "cancelled", "survey"] as const;
type Done = (typeof DONE)[number];

function meetupId(raw: string | undefined): number | null {
  const id = Number(raw);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * `/community/events/:id`: the event, with register / cancel as plain forms. A customer outside
 * the event's segments gets 403 and a page saying why; the join link is on the page only for a
 * confirmed seat. `?done=` words the outcome of the form just sent (it changes nothing).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const t = await fixedT(reader.language, "meetups");
  const id = meetupId(params.id);
  try {
    if (id === null) throw new Response(null, { status: 404 });
    const page = meetupPage(reader, id);
    const done = new URL(request.url).searchParams.get("done");
    // The note of a form sent earlier, only while it is still true (a waitlisted member promoted since reloads to their seat, not the old note).
    const current = done === "confirmed" || done === "waitlisted" ? page.mine?.status === done : done === "cancelled" ? page.mine === null : done === "survey";
    return {
      state: "ok" as const,
      page,
      done: DONE.includes(done as Done) && current ? (done as Done) : null,
      title: t("page.metaTitle", { title: page.title }),
    };
  } catch (error) {
    if (isServiceError(error) && error.status === 403) return data({ state: "forbidden" as const, title: t("page.forbiddenTitle") }, { status: 403 });
    if ((isServiceError(error) && error.status === 404) || (error instanceof Response && error.status === 404)) {
      return data({ state: "missing" as const, title: t("page.notFoundTitle") }, { status: 404 });
    }
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const id = meetupId(params.id);
  const fields = Object.fromEntries(await request.formData());
  const refuse = (code: Parameters<typeof errorMessage>[0], status: number) => data({ error: errorMessage(code, {}, reader.language) }, { status });
  if (id === null) return refuse("meetupNotFound", 404);
  try {
    if (fields.intent === "survey") {
      const answer = SurveyForm.safeParse(fields);
      if (!answer.success) return refuse("meetupSatisfaction", 400);
      answerSurveyAsReader(reader, id, answer.data);
      return redirect(`/community/events/${id}?done=survey#survey`, 303);
    }
    const form = RegistrationForm.safeParse(fields);
    if (!form.success) return refuse("meetupInvalidForm", 400);
    if (form.data.intent === "register") {
      const outcome = registerForMeetup(reader, id);
      return redirect(`/community/events/${id}?done=${outcome.status}`, 303);
    }
    cancelMeetupRegistration(reader, id);
    return redirect(`/community/events/${id}?done=cancelled`, 303);
  } catch (error) {
    if (isServiceError(error)) return data({ error: errorMessage(error.code, error.params, reader.language) }, { status: error.status });
    throw error;
  }
}

export default function MeetupEventPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("meetups");
  if (loaded.state !== "ok") {
    return (
      <div className="community-page stack">
        <nav aria-label={t("page.breadcrumb")} className="breadcrumb">
          <a href="/community/events">{t("page.breadcrumb")}</a>
        </nav>
        <section className="card stack" role={loaded.state === "forbidden" ? "alert" : undefined}>
          <h1>{loaded.state === "forbidden" ? t("page.forbiddenTitle") : t("page.notFoundTitle")}</h1>
          {loaded.state === "forbidden" ? <p>{t("page.forbiddenBody")}</p> : null}
          <p>
            <a href="/community/events">{t("page.backToList")}</a>
          </p>
        </section>
      </div>
    );
  }
  const { page, done } = loaded;
  return (
    <div className="community-page stack">
      <nav aria-label={t("page.breadcrumb")} className="breadcrumb">
        <a href="/community/events">{t("page.breadcrumb")}</a>
      </nav>
      {actionData && "error" in actionData ? (
        <p className="notice error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {done ? (
        <p className="notice success" role="status">
          {t(
            done === "confirmed"
              ? "page.registeredNotice"
              : done === "waitlisted"
                ? "page.waitlistedNotice"
                : done === "cancelled"
                  ? "page.cancelledNotice"
                  : "page.surveyThanks",
          )}
        </p>
      ) : null}
      <article className="meetup-page stack" aria-labelledby="meetup-title">
        <header className="community-hero">
          <div>
            <h1 id="meetup-title">{page.title}</h1>
            <dl className="meetup-facts">
              <dt>{t("page.when")}</dt>
              <dd>
                <time dateTime={new Date(page.startsAt).toISOString()}>{page.when}</time>
                <div className="muted small">{t("page.zoneNote", { zone: page.zone })}</div>
                {page.localWhen ? <div className="muted small">{t("page.localTime", { zone: page.localZone, when: page.localWhen })}</div> : null}
              </dd>
              <dt>{t("page.where")}</dt>
              <dd>
                {page.format === "venue" ? page.venue : t("page.online")}
                {page.joinUrl ? (
                  <div data-testid="join-link">
                    {t("page.joinLabel")}:{" "}
                    <a href={page.joinUrl} rel="noopener noreferrer">
                      {page.joinUrl}
                    </a>
                  </div>
                ) : page.format === "online" && !page.past ? (
                  <div className="muted small">{t("page.joinLater")}</div>
                ) : null}
              </dd>
            </dl>
            <p className="muted small">
              {t("page.seats", { taken: page.capacity - page.seatsLeft, capacity: page.capacity })}
              {page.waitlist > 0 ? ` · ${t("page.waitlist", { count: page.waitlist })}` : ""}
              {page.deadline && !page.started ? ` · ${t("page.deadline", { when: page.deadline })}` : ""}
            </p>
          </div>
        </header>
        <RegistrationBox page={page} />
        {page.descriptionHtml ? (
          <section aria-labelledby="meetup-about" className="card">
            <h2 id="meetup-about">{t("page.about")}</h2>
            <div className="post-body" dangerouslySetInnerHTML={{ __html: page.descriptionHtml }} />
          </section>
        ) : null}
        {page.past ? (
          <section aria-labelledby="meetup-materials" className="card">
            <h2 id="meetup-materials">{t("page.materials")}</h2>
            {page.materials.length > 0 ? (
              <ul className="meetup-materials">
                {page.materials.map((m) => (
                  <li key={m.url}>
                    <a href={m.url} rel="noopener noreferrer">
                      {m.title}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("page.noMaterials")}</p>
            )}
          </section>
        ) : null}
        {page.surveyOpen ? (
          <section id="survey" aria-labelledby="meetup-survey" className="card">
            <h2 id="meetup-survey">{t("survey.heading", { title: page.title })}</h2>
            <Form method="post" reloadDocument className="stack">
              <input type="hidden" name="intent" value="survey" />
              <MeetupSurveyFields />
            </Form>
          </section>
        ) : null}
      </article>
    </div>
  );
}

function RegistrationBox({ page }: { page: MeetupPage }) {
  const { t } = useTranslation("meetups");
  if (!page.customer) {
    return (
      <section className="card meetup-register">
        <p className="muted">{t("page.staffNote")}</p>
        <a href={`/cs/community/events/${page.id}`}>{t("page.manage")}</a>
      </section>
    );
  }
  const mine = page.mine;
  return (
    <section className="card meetup-register" aria-label={t("page.register")}>
      {mine?.status === "confirmed" ? (
        <p className="meetup-status">{page.past ? (mine.attended ? t("page.attended") : t("page.youAreIn")) : t("page.youAreIn")}</p>
      ) : null}
      {mine?.status === "waitlisted" ? <p className="meetup-status">{t("page.youAreWaitlisted", { position: mine.position })}</p> : null}
      {mine ? (
        <p>
          <a href={`/community/events/${page.id}/calendar`}>{t("page.calendar")}</a>
        </p>
      ) : null}
      {page.mayRegister ? (
        <Form method="post" reloadDocument>
          {page.full ? <p className="muted">{t("page.fullNote")}</p> : null}
          <input type="hidden" name="intent" value="register" />
          <button type="submit">{page.full ? t("page.joinWaitlist") : t("page.register")}</button>
        </Form>
      ) : null}
      {!mine && page.refusal === "meetupRegistrationClosed" && !page.past ? <p className="muted">{t("page.closed")}</p> : null}
      {page.mayCancel ? (
        <Form method="post" reloadDocument>
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="secondary">
            {mine?.status === "waitlisted" ? t("page.leaveWaitlist") : t("page.cancel")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
