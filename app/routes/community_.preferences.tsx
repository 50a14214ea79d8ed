import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { WatchLevelForm } from "../components/community-watch-form";
import { EMAIL_FREQUENCY_CHOICES, EMAIL_KIND_CHOICES } from "../domain/community-notify";
import { EmailPreferencesForm } from "../domain/community-notify-forms";
import { topicPath } from "../domain/community-rules";
import { preferencesFor, saveEmailPreferences, unreadNotificationsFor } from "../services/community-preferences.server";
import { requireCommunityReader } from "../utils/community-access.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const t = await fixedT(reader.language, "communityNotify");
  const preferences = preferencesFor(reader);
  return {
    title: t("preferences.metaTitle"),
    language: reader.language,
    saved: new URL(request.url).searchParams.get("saved") === "1",
    unread: unreadNotificationsFor(reader),
    frequency: preferences.frequency,
    enabled: preferences.enabled as string[],
    topics: preferences.topics.map((topic) => ({
      id: topic.topicId,
      title: topic.title,
      href: topicPath({ id: topic.topicId, slug: topic.slug }),
      level: topic.level,
    })),
    categories: preferences.categories.map((category) => ({
      id: category.id,
      name: reader.language === "ja" ? category.nameJa : category.nameEn,
      level: category.level,
    })),
  };
}

/** Saves the email choices (the watch forms post to /community/watch); back with a notice (303). */
export async function action({ request }: ActionFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const body = await request.formData();
  const form = EmailPreferencesForm.safeParse({ intent: body.get("intent"), frequency: body.get("frequency"), kinds: body.getAll("kinds") });
  if (!form.success) {
    const t = await fixedT(reader.language, "communityNotify");
    return data({ error: t("errors.invalid") }, { status: 400 });
  }
  saveEmailPreferences(reader, { frequency: form.data.frequency, enabled: form.data.kinds });
  return redirect("/community/preferences?saved=1", 303);
}

export default function CommunityPreferences() {
  const page = useLoaderData<typeof loader>();
  return (
    <CustomerShell signedIn unreadNotifications={page.unread}>
      <Preferences />
    </CustomerShell>
  );
}

function Preferences() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("communityNotify");
  return (
    <div className="stack community-preferences">
      <h1>{t("preferences.heading")}</h1>
      {page.saved ? (
        <p className="notice success" role="status">
          {t("preferences.saved")}
        </p>
      ) : null}
      {result?.error ? (
        <p className="notice error" role="alert">
          {result.error}
        </p>
      ) : null}
      <section className="card" aria-labelledby="prefs-email">
        <h2 id="prefs-email">{t("preferences.emailHeading")}</h2>
        <Form method="post" reloadDocument className="stack">
          <input type="hidden" name="intent" value="email" />
          <fieldset>
            <legend>{t("preferences.frequencyLegend")}</legend>
            {EMAIL_FREQUENCY_CHOICES.map((frequency) => (
              <label key={frequency} className="choice">
                <input type="radio" name="frequency" value={frequency} defaultChecked={page.frequency === frequency} />{" "}
                {t(`preferences.frequency.${frequency}`)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t("preferences.kindsLegend")}</legend>
            {EMAIL_KIND_CHOICES.map((kind) => (
              <label key={kind} className="choice">
                <input type="checkbox" name="kinds" value={kind} defaultChecked={page.enabled.includes(kind)} /> {t(`preferences.kinds.${kind}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t("preferences.save")}</button>
        </Form>
      </section>
      <section className="card stack" aria-labelledby="prefs-watch">
        <h2 id="prefs-watch">{t("preferences.watchHeading")}</h2>
        <p className="muted">{t("preferences.watchIntro")}</p>
        <h3>{t("preferences.categoriesHeading")}</h3>
        <ul className="watch-list" role="list">
          {page.categories.map((category) => (
            <li key={category.id}>
              <span className="watch-name">{category.name}</span>
              <WatchLevelForm target="category" id={category.id} level={category.level} redirectTo="/community/preferences" />
            </li>
          ))}
        </ul>
        <h3>{t("preferences.topicsHeading")}</h3>
        {page.topics.length === 0 ? (
          <p className="muted">{t("preferences.noTopics")}</p>
        ) : (
          <ul className="watch-list" role="list">
            {page.topics.map((topic) => (
              <li key={topic.id}>
                <a className="watch-name" href={topic.href}>
                  {topic.title}
                </a>
                <WatchLevelForm target="topic" id={topic.id} level={topic.level} redirectTo="/community/preferences" />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
