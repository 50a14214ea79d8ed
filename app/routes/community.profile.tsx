import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField } from "../components/community";
import { DISPLAY_NAME_MAX, MEMBER_TITLE_MAX } from "../domain/community-rules";
import { updateCommunityProfile } from "../services/community-profile.server";
import { requireCommunityReader } from "../utils/community-access.server";
import { communityRefusal, formValues, ProfileForm } from "../utils/community-forms.server";
import { fixedT, languageCookie } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** The member's own profile settings; the form shows what others see before they first take part too. */
export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const viewer = reader.viewer;
  const member = viewer.member;
  const t = await fixedT(reader.language, "community");
  return {
    values: {
      displayName: member?.displayName ?? (viewer.kind === "staff" ? viewer.user.name : viewer.contact.name) ?? "",
      title: member?.title ?? "",
      showCompany: member?.showCompany ?? true,
      language: reader.language,
    },
    company: viewer.kind === "contact" ? viewer.contact.accountName : null,
    saved: new URL(request.url).searchParams.has("saved"),
    title: t("settings.metaTitle"),
  };
}

type ProfileReply = { values: Record<string, string>; errors: Partial<Record<"displayName" | "title" | "language" | "form", string>> };

export async function action({ request }: ActionFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const formData = await request.formData();
  const values = formValues(formData);
  const t = await fixedT(reader.language, "community");
  const parsed = ProfileForm.safeParse(values);
  if (!parsed.success) return data<ProfileReply>({ values, errors: { form: t("errors.badRequest") } }, { status: 400 });
  try {
    const saved = updateCommunityProfile(reader, { ...parsed.data, showCompany: parsed.data.showCompany === "on" });
    // The new language applies at once, also over an earlier choice in the switcher.
    return redirect("/community/profile?saved", { status: 303, headers: { "Set-Cookie": await languageCookie.serialize(saved.language) } });
  } catch (error) {
    const refusal = communityRefusal(error, reader.language, "/community/profile");
    const field = refusal.field === "displayName" || refusal.field === "title" || refusal.field === "language" ? refusal.field : "form";
    return data<ProfileReply>({ values, errors: { [field]: refusal.message } }, { status: refusal.status });
  }
}

export default function ProfileSettings() {
  const { values: stored, company, saved } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ProfileReply | undefined;
  const { t } = useTranslation("community");
  const { t: tCommon } = useTranslation();
  const errors = reply?.errors ?? {};
  const values = reply
    ? {
        displayName: reply.values.displayName ?? "",
        title: reply.values.title ?? "",
        showCompany: reply.values.showCompany === "on",
        language: reply.values.language ?? stored.language,
      }
    : stored;
  return (
    <div className="community-page stack">
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <a href="/community">{t("nav.home")}</a>
      </nav>
      <header>
        <h1>{t("settings.title")}</h1>
        <p className="muted flush">{t("settings.intro")}</p>
      </header>
      {saved && !reply ? (
        <p className="notice success" role="status">
          {t("settings.saved")}
        </p>
      ) : null}
      {errors.form ? (
        <p className="notice error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <form method="post" action="/community/profile" className="card narrow-form" noValidate>
        <TextField
          name="displayName"
          id="profile-display-name"
          label={t("settings.displayName")}
          hint={t("settings.displayNameHint")}
          defaultValue={values.displayName}
          error={errors.displayName}
        />
        <TextField
          name="title"
          id="profile-title"
          label={t("settings.memberTitle")}
          hint={t("settings.memberTitleHint")}
          defaultValue={values.title}
          error={errors.title}
          required={false}
        />
        {company ? (
          <div className="field checkbox-field">
            <input
              type="checkbox"
              id="profile-show-company"
              name="showCompany"
              defaultChecked={values.showCompany}
              aria-describedby="profile-show-company-hint"
            />
            <div>
              <label htmlFor="profile-show-company">{t("settings.showCompany")}</label>
              <p className="hint flush" id="profile-show-company-hint">
                {t("settings.showCompanyHint", { company })}
              </p>
            </div>
          </div>
        ) : (
          <input type="hidden" name="showCompany" value={values.showCompany ? "on" : ""} />
        )}
        <div className="field">
          <label htmlFor="profile-language">{t("settings.language")}</label>
          <p className="hint" id="profile-language-hint">
            {t("settings.languageHint")}
          </p>
          <select
            id="profile-language"
            name="language"
            defaultValue={values.language}
            aria-describedby={errors.language ? "profile-language-hint profile-language-error" : "profile-language-hint"}
            aria-invalid={errors.language ? true : undefined}
          >
            {(["en", "ja"] as const).map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {tCommon(`languages.${lng}`)}
              </option>
            ))}
          </select>
          {errors.language ? (
            <p className="field-error" id="profile-language-error">
              {errors.language}
            </p>
          ) : null}
        </div>
        <button type="submit">{t("settings.save")}</button>
      </form>
      <p className="muted">{t("settings.limits", { name: DISPLAY_NAME_MAX, title: MEMBER_TITLE_MAX })}</p>
    </div>
  );
}
