import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { useWordMessage } from "../components/settings-form";
import { StoryFormFields } from "../components/story-form";
import { StaffNewStory } from "../domain/stories";
import { listAccountChoicesForStories, listAccountContactChoices } from "../models/story.server";
import { createStory } from "../services/story-write.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf } from "../utils/refusal.server";
import { storyFieldErrors, storyFormValues, withIds } from "../utils/story-forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/cs/community/stories/new?account=`: staff write a story for an account (the account's contacts are offered once it is chosen). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const t = await fixedT(user.language, "stories");
  const raw = new URL(request.url).searchParams.get("account") ?? "";
  const accountId = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  const accounts = listAccountChoicesForStories();
  const chosen = accounts.find((account) => account.id === accountId) ?? null;
  return { accounts, chosen, contacts: chosen ? listAccountContactChoices(chosen.id) : [], title: t("console.newTitle") };
}

type Reply = { values: Record<string, string>; errors: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const values = storyFormValues(await request.formData());
  const input = withIds(values);
  const parsed = StaffNewStory.safeParse(input);
  if (!parsed.success) return data<Reply>({ values, errors: storyFieldErrors(parsed.error, user.language) }, { status: 400 });
  try {
    const story = createStory({ kind: "staff", user, ip: clientIp(request) }, input);
    return redirect(`/cs/community/stories/${story.id}`, 303);
  } catch (error) {
    const refusal = refusalOf(error, user.language);
    return data<Reply>({ values, errors: { [refusal.field ?? "form"]: refusal.message } }, { status: refusal.status });
  }
}

export default function NewStaffStory() {
  const { accounts, chosen, contacts } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("stories");
  const word = useWordMessage();
  const errors = Object.fromEntries(Object.entries(reply?.errors ?? {}).map(([field, message]) => [field, word(message)]));
  const values = reply?.values ?? {};
  return (
    <>
      <div className="page-head">
        <div>
          <p className="small">
            <Link to="/cs/community/stories">{t("console.pipelineHeading")}</Link>
          </p>
          <h1>{t("console.newTitle")}</h1>
          <p>{t("console.newIntro")}</p>
        </div>
      </div>
      {Object.keys(errors).length > 0 ? (
        <div className="notice error" role="alert">
          {errors.form ?? t("form.errorSummary")}
        </div>
      ) : null}
      <Form method="get" className="card story-account-pick">
        <div className="field">
          <label htmlFor="story-account-pick">{t("console.account")}</label>
          <select id="story-account-pick" name="account" defaultValue={chosen ? String(chosen.id) : ""}>
            <option value="">{t("console.accountChoose")}</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("advocacy.show")}
        </button>
      </Form>
      {chosen ? (
        <Form method="post" className="card story-form" noValidate>
          <input type="hidden" name="accountId" value={chosen.id} />
          <p>
            <strong>{chosen.name}</strong>
          </p>
          {errors.accountId ? <p className="field-error">{errors.accountId}</p> : null}
          <div className="field">
            <label htmlFor="story-contact">{t("console.contact")}</label>
            <select id="story-contact" name="contactId" defaultValue={values.contactId ?? ""}>
              <option value="">{t("console.none")}</option>
              {contacts.map((contact) => (
                <option key={contact.id} value={contact.id}>
                  {contact.name ?? contact.email}
                </option>
              ))}
            </select>
            {errors.contactId ? <p className="field-error">{errors.contactId}</p> : null}
          </div>
          <StoryFormFields values={values} errors={errors} />
          <button type="submit">{t("console.create")}</button>
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
