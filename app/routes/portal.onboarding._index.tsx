import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActivationBanner, ChecklistProgress, StepDoneLine } from "../components/onboarding-checklist";
import { useFormat } from "../components/use-format";
import { ChecklistForm } from "../domain/onboarding-forms";
import { accountForInvite } from "../models/onboarding-view.server";
import { inviteTeammate } from "../services/invite-teammate.server";
import { markOnboardingStepDone } from "../services/mark-onboarding-step.server";
import { memberChecklist } from "../services/onboarding-progress.server";
import { requireContact } from "../utils/auth.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { clientIp } from "../utils/rate-limit.server";

/** Plain links and forms: the checklist works without client scripts, so it is sent without them. */
export const handle = SERVER_RENDERED_ONLY;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/** A first value reached within this many days is celebrated at the top of the checklist. */
const CELEBRATE_DAYS = 14;

export async function loader({ request }: LoaderFunctionArgs) {
  const contact = await requireContact(request);
  const language = await resolveLanguage(request, contact.locale);
  const t = await fixedT(language, "onboarding");
  const checklist = memberChecklist(contact, language);
  const domain = accountForInvite(contact.accountId)?.domain?.replace(/^www\./i, "") ?? null;
  const now = Date.now();
  return {
    title: t("metaTitle"),
    accountName: contact.accountName,
    checklist,
    celebrate: checklist?.activatedAt != null && now - checklist.activatedAt < CELEBRATE_DAYS * 86_400_000,
    domain,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const contact = await requireContact(request);
  const language = await resolveLanguage(request, contact.locale);
  const parsed = ChecklistForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ outcome: "invalid" as const }, { status: 400 });
  if (parsed.data.intent === "done") {
    const result = markOnboardingStepDone(contact, parsed.data.step);
    if (!result.ok) return data({ outcome: "refused" as const, reason: result.reason }, { status: result.reason === "not-manual" ? 409 : 404 });
    return { outcome: "marked" as const, activated: result.activated };
  }
  const invited = await inviteTeammate(contact, { email: parsed.data.email, language, ip: clientIp(request) });
  if (invited.ok) return { outcome: "invited" as const, email: parsed.data.email };
  if (invited.reason === "rate-limited") {
    const minutes = Math.ceil(invited.retryAfterSeconds / 60);
    return data(
      { outcome: "invite-refused" as const, reason: invited.reason, email: parsed.data.email, minutes, domain: null },
      { status: 429, headers: { "Retry-After": String(invited.retryAfterSeconds) } },
    );
  }
  return data(
    {
      outcome: "invite-refused" as const,
      reason: invited.reason,
      email: parsed.data.email,
      minutes: 0,
      domain: invited.reason === "other-domain" ? invited.domain : null,
    },
    { status: 400 },
  );
}

export default function OnboardingChecklist() {
  const { accountName, checklist, celebrate, domain } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("onboarding");
  const format = useFormat();

  if (!checklist) {
    return (
      <div className="stack onboarding">
        <p className="eyebrow">{t("eyebrow")}</p>
        <h1>{t("noGuide.title")}</h1>
        <p className="muted">{t("noGuide.body")}</p>
      </div>
    );
  }
  const next = checklist.steps.find((step) => step.isNext);
  const inviteError =
    actionData?.outcome === "invite-refused"
      ? actionData.reason === "other-domain"
        ? actionData.domain
          ? t("invite.refused.other-domain", { domain: actionData.domain })
          : t("invite.refused.other-domain-none")
        : actionData.reason === "rate-limited"
          ? t("invite.refused.rate-limited", { count: actionData.minutes })
          : t(`invite.refused.${actionData.reason}`, { email: actionData.email })
      : actionData?.outcome === "invalid"
        ? t("invite.refused.invalid")
        : null;
  return (
    <div className="stack onboarding">
      <section aria-labelledby="onboarding-title">
        <p className="eyebrow">{t("eyebrow")}</p>
        <h1 id="onboarding-title">{checklist.guideName}</h1>
        <p className="muted">{t("intro", { account: accountName })}</p>
        <ChecklistProgress progress={checklist.progress} />
      </section>

      {celebrate || (actionData?.outcome === "marked" && actionData.activated) ? <ActivationBanner stepTitle={checklist.firstValueTitle ?? ""} /> : null}
      {actionData?.outcome === "marked" ? (
        <p className="notice success" role="status">
          {t("markedDone")}
        </p>
      ) : null}
      {actionData?.outcome === "refused" ? (
        <p className="notice error" role="alert">
          {t(`markRefused.${actionData.reason}`)}
        </p>
      ) : null}

      {next ? (
        <p className="onboarding-next-line">
          <strong>{t("next")}:</strong> <a href={`/portal/onboarding/${next.key}`}>{next.title}</a>
        </p>
      ) : (
        <p className="notice success">{t("allDone")}</p>
      )}

      <ol className="onboarding-steps" aria-label={t("progressLabel")}>
        {checklist.steps.map((step) => (
          <li key={step.key} className={`onboarding-step${step.doneAt !== null ? " is-done" : ""}${step.isNext ? " is-next" : ""}`}>
            <span className="onboarding-step-mark" aria-hidden="true">
              {step.doneAt !== null ? "✓" : step.position}
            </span>
            <div className="onboarding-step-main">
              <h2 className="onboarding-step-title">
                <a href={`/portal/onboarding/${step.key}`}>{step.title}</a>
                {step.isNext ? <span className="badge info">{t("nextBadge")}</span> : null}
              </h2>
              <p className="muted flush">
                <span className="visually-hidden">{step.doneAt !== null ? t("done") : t("notDone")}. </span>
                {t(`scope.${step.scope}`)}
              </p>
              {step.doneAt !== null ? (
                <StepDoneLine doneAt={format.date(new Date(step.doneAt))} doneBy={step.doneBy} />
              ) : step.how === "manual" ? (
                <Form method="post" className="onboarding-mark">
                  <input type="hidden" name="intent" value="done" />
                  <input type="hidden" name="step" value={step.key} />
                  <button type="submit" className="secondary small" aria-label={`${t("markDone")}: ${step.title}`}>
                    {t("markDone")}
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ol>

      <section className="card" aria-labelledby="onboarding-invite">
        <h2 id="onboarding-invite">{t("invite.title")}</h2>
        <p className="muted">{domain ? t("invite.body", { domain }) : t("invite.bodyNoDomain")}</p>
        {actionData?.outcome === "invited" ? (
          <p className="notice success" role="status">
            {t("invite.sent", { email: actionData.email })}
          </p>
        ) : null}
        <Form method="post" className="onboarding-invite-form">
          <input type="hidden" name="intent" value="invite" />
          <div className="field">
            <label htmlFor="invite-email">{t("invite.email")}</label>
            <input
              id="invite-email"
              name="email"
              type="email"
              autoComplete="off"
              required
              placeholder={domain ? `name@${domain}` : undefined}
              aria-invalid={inviteError ? true : undefined}
              aria-describedby={inviteError ? "invite-email-error" : undefined}
              defaultValue={actionData?.outcome === "invite-refused" ? actionData.email : undefined}
            />
            {inviteError ? (
              <p className="field-error" id="invite-email-error" role="alert">
                {inviteError}
              </p>
            ) : null}
          </div>
          <button type="submit">{t("invite.submit")}</button>
        </Form>
      </section>
    </div>
  );
}
