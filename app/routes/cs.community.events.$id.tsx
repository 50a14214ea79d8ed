import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { MeetupEditor } from "../components/meetup-editor";
import { useFormat } from "../components/use-format";
import { AttendanceForm, MeetupForm } from "../domain/meetups";
import { isServiceError, ServiceError } from "../domain/service-error";
import { importAttendance, markRegistration, updateMeetup, type AttendanceImport } from "../services/meetup-admin.server";
import { consoleMeetup, timeZoneChoices } from "../services/meetup-console.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf, refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const SAVED = ["created", "saved", "marked"] as const;

/** `/cs/community/events/:id`: one event: registrations (seats, waitlist, cancelled), attendance, speakers, the attendee list import, the survey, and its form. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const t = await fixedT(user.language, ["meetups", "console"]);
  const id = Number(params.id);
  const page = Number.isInteger(id) && id > 0 ? consoleMeetup(id, user.language) : null;
  if (!page) throw new Response(t("console:errors.meetupNotFound"), { status: 404 });
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    ...page,
    ...timeZoneChoices(),
    saved: (SAVED as readonly string[]).includes(saved ?? "") ? (saved as (typeof SAVED)[number]) : null,
    title: t("console.detail.metaTitle", { title: page.meetup.title }),
  };
}

type ActionResult =
  | { kind: "form"; result: ReturnType<typeof refusalReply>["result"] }
  | { kind: "promoted"; count: number }
  | { kind: "import"; outcome: AttendanceImport }
  | { kind: "error"; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const actor = { user, ip: clientIp(request) };
  const meetupId = Number(params.id);
  if (!Number.isInteger(meetupId) || meetupId <= 0) throw new Response(null, { status: 404 });
  const formData = await request.formData();
  const intent = formData.get("intent");
  try {
    if (intent === "update") {
      const submission = parseWithZod(formData, { schema: MeetupForm });
      if (submission.status !== "success") return data<ActionResult>({ kind: "form", result: submission.reply() }, { status: 400 });
      try {
        const { promoted } = updateMeetup(actor, meetupId, submission.value.input);
        if (promoted > 0) return data<ActionResult>({ kind: "promoted", count: promoted });
        return redirect(`/cs/community/events/${meetupId}?saved=saved`, 303);
      } catch (error) {
        const { result, status } = refusalReply(submission, error, { language: user.language });
        return data<ActionResult>({ kind: "form", result }, { status });
      }
    }
    if (intent === "import") {
      const file = formData.get("file");
      const text = typeof file === "string" ? file : file ? await file.text() : "";
      return data<ActionResult>({ kind: "import", outcome: importAttendance(actor, meetupId, text) });
    }
    const attendance = parseWithZod(formData, { schema: AttendanceForm });
    if (attendance.status !== "success")
      return data<ActionResult>({ kind: "error", message: refusalOf(new ServiceError(400, "meetupInvalidForm"), user.language).message }, { status: 400 });
    markRegistration(actor, meetupId, attendance.value.registrationId, attendance.value.intent);
    return redirect(`/cs/community/events/${meetupId}?saved=marked#registrations`, 303);
  } catch (error) {
    if (!isServiceError(error)) throw error;
    const refusal = refusalOf(error, user.language);
    return data<ActionResult>({ kind: "error", message: refusal.message }, { status: refusal.status });
  }
}

export default function ConsoleMeetup() {
  const { meetup, editing, registrations, survey, zones, defaultZone, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("meetups");
  const format = useFormat();
  return (
    <>
      <nav className="breadcrumb" aria-label={t("console.heading")}>
        <Link to="/cs/community/events">{t("console.detail.back")}</Link>
      </nav>
      <div className="page-head">
        <div>
          <h1>{meetup.title}</h1>
          <p>
            {meetup.when} <span className="muted small">({meetup.zone})</span>
          </p>
          <p className="muted">
            {t("console.detail.summary", {
              confirmed: format.number(meetup.confirmed),
              capacity: format.number(meetup.capacity),
              waitlist: format.number(meetup.waitlist),
              attended: format.number(meetup.attended),
            })}
          </p>
        </div>
        <a className="button secondary" href={`/community/events/${meetup.id}`}>
          {t("console.detail.customerPage")}
        </a>
      </div>
      {saved ? (
        <div className="notice success" role="status">
          {saved === "marked"
            ? t("console.detail.marked")
            : saved === "created"
              ? t("console.created", { title: meetup.title })
              : t("console.saved", { title: meetup.title })}
        </div>
      ) : null}
      {actionData?.kind === "promoted" ? (
        <div className="notice success" role="status">
          {t("console.savedPromoted", { count: actionData.count, title: meetup.title })}
        </div>
      ) : null}
      {actionData?.kind === "error" ? (
        <div className="notice error" role="alert">
          {actionData.message}
        </div>
      ) : null}
      <div className="stack">
        <section className="card table-wrap" id="registrations" aria-labelledby="registrations-heading">
          <h2 id="registrations-heading">{t("console.detail.registrations")}</h2>
          {registrations.length === 0 ? (
            <p className="muted">{t("console.detail.noRegistrations")}</p>
          ) : (
            <table className="community-admin-table meetup-table">
              <caption className="visually-hidden">{t("console.detail.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("console.detail.person")}</th>
                  <th scope="col">{t("console.detail.account")}</th>
                  <th scope="col">{t("console.detail.status")}</th>
                  <th scope="col">{t("console.detail.attendance")}</th>
                  <th scope="col">{t("console.detail.speaker")}</th>
                  <th scope="col">{t("console.detail.survey")}</th>
                </tr>
              </thead>
              <tbody>
                {registrations.map((r) => (
                  <tr key={r.id} data-registration={r.email}>
                    <td>
                      {r.name ?? r.email}
                      <div className="muted small">{r.email}</div>
                    </td>
                    <td>
                      <Link to={`/cs/accounts/${r.accountId}`}>{r.accountName}</Link>
                    </td>
                    <td className="nowrap">{t(`console.detail.statuses.${r.status}`, { position: r.position })}</td>
                    <td className="nowrap">
                      {r.status === "cancelled" ? (
                        t("console.detail.notMarked")
                      ) : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="registrationId" value={r.id} />
                          {r.attendedAt !== null ? <span className="badge good">{t("console.detail.present")}</span> : null}{" "}
                          <button type="submit" name="intent" value={r.attendedAt !== null ? "absent" : "attended"} className="small secondary">
                            {r.attendedAt !== null ? t("console.detail.markAbsent") : t("console.detail.markPresent")}
                          </button>
                        </Form>
                      )}
                    </td>
                    <td className="nowrap">
                      {r.status === "cancelled" ? null : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="registrationId" value={r.id} />
                          {r.speaker ? <span className="badge info">{t("console.detail.speaker")}</span> : null}{" "}
                          <button type="submit" name="intent" value={r.speaker ? "notSpeaker" : "speaker"} className="small secondary">
                            {r.speaker ? t("console.detail.unmarkSpeaker") : t("console.detail.markSpeaker")}
                          </button>
                        </Form>
                      )}
                    </td>
                    <td>
                      {r.satisfaction !== null ? `${format.number(r.satisfaction)} / 5` : ""}
                      {r.surveyComment ? <div className="muted small">{r.surveyComment}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted small">
            {survey
              ? t("console.detail.satisfaction", { average: format.number(Math.round(survey.average * 10) / 10), count: survey.count })
              : t("console.detail.noSurvey")}
          </p>
        </section>
        <section className="card" aria-labelledby="import-heading">
          <h2 id="import-heading">{t("console.detail.import")}</h2>
          <p className="muted">{t("console.detail.importHelp")}</p>
          {actionData?.kind === "import" ? <ImportOutcome outcome={actionData.outcome} /> : null}
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="import" />
            <div className="field">
              <label htmlFor="attendee-file">{t("console.detail.file")}</label>
              <input id="attendee-file" type="file" name="file" accept=".csv,text/csv,text/plain" required />
            </div>
            <p>
              <button type="submit">{t("console.detail.importButton")}</button>
            </p>
          </Form>
        </section>
        <MeetupEditor
          key={`edit-${editing.id}`}
          editing={editing}
          lastResult={actionData?.kind === "form" ? actionData.result : undefined}
          zones={zones}
          defaultZone={defaultZone}
        />
      </div>
    </>
  );
}

function ImportOutcome({ outcome }: { outcome: AttendanceImport }) {
  const { t } = useTranslation("meetups");
  const format = useFormat();
  return (
    <div className="notice info" role="status" data-testid="import-outcome">
      <p>{t("console.detail.imported", { marked: format.number(outcome.marked), already: format.number(outcome.already) })}</p>
      {outcome.walkIns.length > 0 ? <p>{t("console.detail.walkIns", { count: outcome.walkIns.length, list: outcome.walkIns.join(", ") })}</p> : null}
      {outcome.unknown.length > 0 ? <p>{t("console.detail.unknown", { count: outcome.unknown.length, list: outcome.unknown.join(", ") })}</p> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
