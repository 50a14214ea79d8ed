import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TopicList } from "../components/community";
import { PortalSurveyPrompt } from "../components/portal-survey-prompt";
import { surveyQuestion } from "../domain/survey-text";
import { findDueSurveyForContact, parseSurveySnapshot } from "../models/invitation.server";
import { findPortalHome } from "../models/portal.server";
import { recentTopics } from "../services/community-lists.server";
import { requireContact } from "../utils/auth.server";
import { requireCommunityReader } from "../utils/community-access.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const contact = await requireContact(request);
  const home = findPortalHome(contact.id);
  const language = await resolveLanguage(request, contact.locale);
  const t = await fixedT(language, "portal");
  const due = findDueSurveyForContact(contact.id);
  const reader = await requireCommunityReader(request);
  return {
    survey: due ? { invitationId: due.invitationId, question: surveyQuestion(parseSurveySnapshot(due.survey), language) } : null,
    title: t("home.metaTitle"),
    contact: { name: contact.name, email: contact.email, locale: contact.locale },
    accountName: home?.accountName ?? contact.accountName,
    csm: home?.csmName ? { name: home.csmName, email: home.csmEmail } : null,
    community: { topics: recentTopics(reader, { limit: 5 }), handle: reader.viewer.member?.handle ?? null },
  };
}

// Two speech bubbles.
const COMMUNITY_ICON = "M4 5h11v8H9l-3 3v-3H4zM15 9h5v8h-2v3l-3-3h-4v-2";

// Areas later releases add; listed so customers know what to expect, never linked before they exist.
const COMING = [
  // An open book.
  { key: "guides", icon: "M12 6c-2-1.5-5-2-8-1.5V19c3-.5 6 0 8 1.5 2-1.5 5-2 8-1.5V4.5c-3-.5-6 0-8 1.5zM12 6v14.5" },
] as const;

export default function PortalHome() {
  const { contact, accountName, csm, survey, community } = useLoaderData<typeof loader>();
  const { t } = useTranslation("portal");
  const { t: tCommon } = useTranslation();
  return (
    <div className="portal-home stack">
      <section className="portal-hero" aria-labelledby="portal-greeting">
        <p className="eyebrow">{t("home.eyebrow")}</p>
        <h1 id="portal-greeting">{contact.name ? t("home.greeting", { name: contact.name }) : t("home.greetingNoName")}</h1>
        <p className="muted">{t("home.intro", { account: accountName })}</p>
      </section>

      {survey ? <PortalSurveyPrompt invitationId={survey.invitationId} question={survey.question} /> : null}

      <section className="card portal-activity" aria-labelledby="portal-community">
        <div className="portal-section-head">
          <svg className="portal-tile-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
            <path d={COMMUNITY_ICON} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <div>
            <h2 id="portal-community" className="flush">
              {t("home.activityTitle")}
            </h2>
            <p className="muted flush">{t("home.communityBody")}</p>
          </div>
        </div>
        {community.topics.length > 0 ? <TopicList topics={community.topics} /> : <p className="empty-state">{t("home.activityEmpty")}</p>}
        <p className="portal-links">
          <a className="button small" href="/community/new?category=questions">
            {t("home.askQuestion")}
          </a>
          <a className="button secondary small" href="/community">
            {t("home.openCommunity")}
          </a>
          <a href={community.handle ? `/community/u/${community.handle}` : "/community/profile"}>{t("home.communityProfile")}</a>
        </p>
      </section>

      {survey ? null : (
        <section className="card" aria-labelledby="portal-surveys">
          <h2 id="portal-surveys">{t("home.surveysTitle")}</h2>
          <p className="muted flush">{t("home.surveysNone")}</p>
        </section>
      )}

      <section className="card" aria-labelledby="portal-account">
        <h2 id="portal-account">{t("home.yourAccount")}</h2>
        <dl className="facts">
          <dt>{t("home.company")}</dt>
          <dd>{accountName}</dd>
          <dt>{t("home.signedInAs")}</dt>
          <dd>{contact.name ? `${contact.name} · ${contact.email}` : contact.email}</dd>
          <dt>{t("home.language")}</dt>
          <dd>{tCommon(`languages.${contact.locale}`)}</dd>
          {csm ? (
            <>
              <dt>{t("home.csm")}</dt>
              <dd>
                {csm.name}
                {csm.email ? (
                  <>
                    {" · "}
                    <a href={`mailto:${csm.email}`}>{csm.email}</a>
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="portal-coming">
        <h2 id="portal-coming">{t("home.comingTitle")}</h2>
        <p className="muted">{t("home.comingIntro")}</p>
        <ul className="tile-grid portal-coming" role="list">
          {COMING.map(({ key, icon }) => (
            <li key={key} className="tile is-upcoming">
              <svg className="portal-tile-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
                <path d={icon} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              <h3>{t(`home.${key}Title`)}</h3>
              <p>{t(`home.${key}Body`)}</p>
              <span className="badge">{t("home.comingSoon")}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card portal-signout" aria-labelledby="portal-signout">
        <div>
          <h2 id="portal-signout">{t("home.signOutTitle")}</h2>
          <p className="muted">{t("home.signOutBody")}</p>
        </div>
        <Form method="post" action="/logout">
          <button type="submit" className="secondary">
            {tCommon("signOut")}
          </button>
        </Form>
      </section>
    </div>
  );
}
