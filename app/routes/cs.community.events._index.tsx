import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { MeetupEditor } from "../components/meetup-editor";
import { useFormat } from "../components/use-format";
import { MeetupForm } from "../domain/meetups";
import { consoleMeetupList, timeZoneChoices } from "../services/meetup-console.server";
import { createMeetup } from "../services/meetup-admin.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/cs/community/events`: every user-group event with its seats, waitlist and attendance, and the form for a new one. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const t = await fixedT(user.language, "meetups");
  return { title: t("console.metaTitle"), meetups: consoleMeetupList(user.language), ...timeZoneChoices() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const submission = parseWithZod(await request.formData(), { schema: MeetupForm });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const created = createMeetup({ user, ip: clientIp(request) }, submission.value.input);
    return redirect(`/cs/community/events/${created.id}?saved=created`, 303);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ result }, { status });
  }
}

export default function ConsoleMeetups() {
  const { meetups, zones, defaultZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("meetups");
  const format = useFormat();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("console.heading")}</h1>
          <p>{t("console.intro")}</p>
        </div>
        <a className="button" href="#meetup-form-heading">
          {t("console.create")}
        </a>
      </div>
      <div className="stack">
        <div className="card table-wrap">
          {meetups.length === 0 ? (
            <p className="muted">{t("console.none")}</p>
          ) : (
            <table className="community-admin-table meetup-table">
              <caption className="visually-hidden">{t("console.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("console.title")}</th>
                  <th scope="col">{t("console.when")}</th>
                  <th scope="col">{t("console.format")}</th>
                  <th scope="col" className="num">
                    {t("console.seats")}
                  </th>
                  <th scope="col" className="num">
                    {t("console.waitlist")}
                  </th>
                  <th scope="col" className="num">
                    {t("console.attended")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {meetups.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link to={`/cs/community/events/${m.id}`}>{m.title}</Link>
                    </td>
                    <td>
                      {m.when}
                      <div className="muted small">{m.zone}</div>
                    </td>
                    <td className="nowrap">{t(`console.formats.${m.format}`)}</td>
                    <td className="num nowrap">
                      {format.number(m.confirmed)} / {format.number(m.capacity)}
                    </td>
                    <td className="num">{format.number(m.waitlist)}</td>
                    <td className="num">{format.number(m.attended)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <MeetupEditor editing={null} lastResult={actionData?.result} zones={zones} defaultZone={defaultZone} />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
