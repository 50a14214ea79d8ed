import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TopicList } from "../components/community";
import { ChecklistProgress } from "../components/onboarding-checklist";
import { PortalSurveyPrompt } from "../components/portal-survey-prompt";
import { surveyQuestion } from "../domain/survey-text";
import { findDueSurveyForContact, parseSurveySnapshot } from "../models/invitation.server";
import { findPortalHome } from "../models/portal.server";
import { recentTopics } from "../services/community-lists.server";
import { memberChecklist } from "../services/onboarding-progress.server";
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
    onboarding: onboardingSummary(contact, language),
  };
}

/** The home's "getting started" card: the checklist's progress and next step, when the account has a guide. */
function onboardingSummary(contact: { email: string; accountId: number }, language: "en" | "ja") {
  const checklist = memberChecklist(contact, language);
  if (!checklist) return null;
  const next = checklist.steps.find((step) => step.isNext);
  return { progress: checklist.progress, next: next ? { key: next.key, title: next.title } : null };
}

// Two speech bubbles.
const COMMUNITY_ICON = "M4 5h11v8H9l-3 3v-3H4zM15 9h5v8h-2v3l-3-3h-4v-2";

// An open book.
const GUIDE_ICON = "M12 6c-2-1.5-5-2-8-1.5V19c3-.5 6 0 8 1.5 2-1.5 5-2 8-1.5V4.5c-3-.5-6 0-8 1.5zM12 6v14.5";

export default function PortalHome() {
  const { contact, accountName, csm, survey, community, onboarding } = useLoaderData<typeof loader>();
  const { t } = useTranslation("portal");
  const { t: tOnboarding } = useTranslation("onboarding");
  const { t: tCommon } = useTranslation();
  return (
    <div className="portal-home stack">
      <section className="portal-hero" aria-labelledby="portal-greeting">
        <p className="eyebrow">{t("home.eyebrow")}</p>
        <h1 id="portal-greeting">{contact.name ? t("home.greeting", { name: contact.name }) : t("home.greetingNoName")}</h1>
        <p className="muted">{t("home.intro", { account: accountName })}</p>
      </section>

      {survey ? <PortalSurveyPrompt invitationId={survey.invitationId} question={survey.question} /> : null}

      {onboarding ? (
        <section className="card portal-onboarding" aria-labelledby="portal-onboarding">
          <div className="portal-section-head">
            <svg className="portal-tile-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
              <path d={GUIDE_ICON} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <div>
              <h2 id="portal-onboarding" className="flush">
                {tOnboarding("home.title")}
              </h2>
              <p className="muted flush">{tOnboarding("home.progress", onboarding.progress)}</p>
            </div>
          </div>
          <ChecklistProgress progress={onboarding.progress} />
          <p>
            {onboarding.next ? (
              <a href={`/portal/onboarding/${onboarding.next.key}`}>{tOnboarding("home.next", { title: onboarding.next.title })}</a>
            ) : (
              tOnboarding("home.allDone")
            )}
          </p>
          <p className="portal-links">
            <a className="button small" href="/portal/onboarding">
              {tOnboarding("home.open")}
            </a>
          </p>
        </section>
      ) : null}

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
