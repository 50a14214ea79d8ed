import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StoryFormFields } from "../components/story-form";
import { StoryFields } from "../domain/stories";
import { errorMessage } from "../domain/service-error";
import { assertNotSuspended, storyActorOf } from "../services/story-actor.server";
import { createStory, submitStory } from "../services/story-write.server";
import { guidelinesRedirect, needsGuidelines, requireCommunityReader } from "../utils/community-access.server";
import { communityRefusal } from "../utils/community-forms.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";
import { storyFieldErrors, storyFormValues } from "../utils/story-forms.server";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** Customers write stories about their own account; staff write them for an account in the console. */
async function requireStoryWriter(request: Request) {
  const reader = await requireCommunityReader(request);
  if (reader.viewer.kind !== "contact") throw new Response(errorMessage("storyMembersOnly", {}, reader.language), { status: 403 });
  if (needsGuidelines(reader)) throw guidelinesRedirect("/community/stories/new");
  return reader;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireStoryWriter(request);
  const t = await fixedT(reader.language, "stories");
  return { title: t("form.newMetaTitle") };
}

type Reply = { values: Record<string, string>; errors: Record<string, string> };

/** `intent=save` keeps a draft; `intent=submit` also sends it for review. */
export async function action({ request }: ActionFunctionArgs) {
  const reader = await requireStoryWriter(request);
  const values = storyFormValues(await request.formData());
  const parsed = StoryFields.safeParse(values);
  if (!parsed.success) return data<Reply>({ values, errors: storyFieldErrors(parsed.error, reader.language) }, { status: 400 });
  const actor = storyActorOf(reader);
  try {
    assertNotSuspended(reader);
    const story = createStory(actor, values);
    if (values.intent === "submit") submitStory(actor, story.id, values);
    return redirect(`/community/stories/${story.id}?done=${values.intent === "submit" ? "submitted" : "saved"}`, 303);
  } catch (error) {
    const refusal = communityRefusal(error, reader.language, "/community/stories/new");
    return data<Reply>({ values, errors: { [refusal.field ?? "form"]: refusal.message } }, { status: refusal.status });
  }
}

export default function NewStory() {
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("stories");
  const errors = reply?.errors ?? {};
  return (
    <div className="community-page stack">
      <nav aria-label={t("list.eyebrow")} className="breadcrumb">
        <a href="/community">{t("list.eyebrow")}</a> <a href="/community/stories">{t("list.title")}</a>
      </nav>
      <header>
        <h1>{t("form.newTitle")}</h1>
        <p className="muted flush">{t("form.newIntro")}</p>
      </header>
      {Object.keys(errors).length > 0 ? (
        <p className="notice error" role="alert">
          {errors.form ?? t("form.errorSummary")}
        </p>
      ) : null}
      <form method="post" action="/community/stories/new" className="card composer story-form" noValidate>
        <StoryFormFields values={reply?.values ?? {}} errors={errors} />
        <div className="composer-actions">
          <button type="submit" name="intent" value="save" className="secondary">
            {t("form.save")}
          </button>
          <button type="submit" name="intent" value="submit">
            {t("form.submit")}
          </button>
        </div>
      </form>
    </div>
  );
}
