import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActivationBanner, ChecklistProgress, StepDoneLine } from "../components/onboarding-checklist";
import { useFormat } from "../components/use-format";
import { MarkStepForm, StepKeyParam } from "../domain/onboarding-forms";
import { markOnboardingStepDone } from "../services/mark-onboarding-step.server";
import { memberChecklistStep } from "../services/onboarding-progress.server";
import { requireContact } from "../utils/auth.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

/** A step's page: plain HTML, its video in a privacy-enhanced frame, "mark as done" as a plain form. */
export const handle = SERVER_RENDERED_ONLY;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

async function load(request: Request, params: unknown) {
  const contact = await requireContact(request);
  const language = await resolveLanguage(request, contact.locale);
  const t = await fixedT(language, "onboarding");
  const key = StepKeyParam.safeParse(params);
  const found = key.success ? memberChecklistStep(contact, key.data.stepKey, language) : null;
  if (!found) throw data({ message: t("notFound") }, { status: 404 });
  return { contact, t, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, found } = await load(request, params);
  return { title: t("stepMetaTitle", { title: found.step.title }), ...found };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { contact, found } = await load(request, params);
  const parsed = MarkStepForm.safeParse({ ...Object.fromEntries(await request.formData()), step: found.step.key });
  if (!parsed.success) return data({ outcome: "invalid" as const }, { status: 400 });
  const result = markOnboardingStepDone(contact, parsed.data.step);
  if (!result.ok) return data({ outcome: "refused" as const, reason: result.reason }, { status: result.reason === "not-manual" ? 409 : 404 });
  return { outcome: "marked" as const, activated: result.activated };
}

export default function OnboardingStep() {
  const { checklist, step, bodyHtml, video } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("onboarding");
  const format = useFormat();
  const next = checklist.steps.find((candidate) => candidate.isNext && candidate.key !== step.key);
  const how = step.how === "community" && step.community ? t(`how.community.${step.community}`) : t(`how.${step.how === "community" ? "event" : step.how}`);
  return (
    <div className="stack onboarding">
      <p>
        <a href="/portal/onboarding">← {t("back")}</a>
      </p>
      <ChecklistProgress progress={checklist.progress} />
      {actionData?.outcome === "marked" && actionData.activated ? <ActivationBanner stepTitle={checklist.firstValueTitle ?? ""} /> : null}
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
      <article className={`card onboarding-step-page${step.doneAt !== null ? " is-done" : ""}`} aria-labelledby="step-title">
        <p className="eyebrow">{t("stepOf", { position: step.position, total: checklist.steps.length })}</p>
        <h1 id="step-title">
          {step.title} {step.doneAt !== null ? <span className="badge good">{t("done")}</span> : null}
        </h1>
        <p className="muted">
          {t(`scope.${step.scope}`)} · {how}
        </p>
        {step.doneAt !== null ? <StepDoneLine doneAt={format.date(new Date(step.doneAt))} doneBy={step.doneBy} /> : null}
        {bodyHtml ? <div className="post-body onboarding-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} /> : null}
        {video ? (
          <div className="onboarding-video">
            <iframe
              src={video}
              title={t("video", { title: step.title })}
              loading="lazy"
              referrerPolicy="strict-origin-when-cross-origin"
              allow="encrypted-media; picture-in-picture; fullscreen"
              allowFullScreen
            />
          </div>
        ) : null}
        {step.doneAt === null && step.how === "manual" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="done" />
            <button type="submit">{t("markDone")}</button>
          </Form>
        ) : null}
      </article>
      {next ? (
        <p className="onboarding-next-line">
          <strong>{t("next")}:</strong> <a href={`/portal/onboarding/${next.key}`}>{next.title}</a>
        </p>
      ) : null}
    </div>
  );
}
