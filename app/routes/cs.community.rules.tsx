import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod/v4";
import { ConsoleError } from "../components/console-error";
import { CommunityRulesForm } from "../domain/community-moderation-forms";
import { firstError } from "../domain/form-input";
import { getSetting } from "../models/settings.server";
import { updateCommunityRules } from "../services/update-community-rules.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const LEVELS = ["new", "basic", "member", "regular"] as const;
const LIMITS = ["postsPerHour", "linksPerPost", "mentionsPerPost"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:community:any");
  const t = await fixedT(user.language, "communityModeration");
  return { title: t("rules.title"), rules: getSetting("communityRules") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:community:any");
  const submission = parseWithZod(await request.formData(), { schema: CommunityRulesForm });
  if (submission.status !== "success") {
    const result = submission.reply();
    const field = Object.entries(result.error ?? {}).find(([, messages]) => messages?.length)?.[0] ?? null;
    return data({ saved: false, error: firstError(result, user.language), field }, { status: 400 });
  }
  try {
    updateCommunityRules(user, submission.value, clientIp(request));
    return { saved: true, error: null, field: null };
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    const field = Object.entries(result.error ?? {}).find(([, messages]) => messages?.length)?.[0] ?? null;
    return data({ saved: false, error: firstError(result, user.language), field: field || null }, { status });
  }
}

export default function CommunityRules() {
  const { rules } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("communityModeration");
  const fieldError = (name: string) =>
    result?.field === name ? (
      <p className="field-error" id={`${name}-error`}>
        {result.error}
      </p>
    ) : null;
  const invalid = (name: string) => (result?.field === name ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("rules.heading")}</h1>
          <p>{t("rules.intro")}</p>
        </div>
      </div>
      {result?.saved ? (
        <div className="notice success" role="status">
          {t("rules.saved")}
        </div>
      ) : result?.error ? (
        <div className="notice error" role="alert">
          {result.error}
        </div>
      ) : null}
      {/* A fresh form after a save, so the stored values show. */}
      <Form method="post" className="stack" key={JSON.stringify(rules)}>
        <section className="card rules-holding" aria-labelledby="holding-heading">
          <h2 id="holding-heading">{t("rules.holdingHeading")}</h2>
          <div className="field">
            <label className="inline-check">
              <input type="checkbox" name="holdFirstPosts" defaultChecked={rules.holdFirstPosts} aria-describedby="hold-first-hint" />{" "}
              {t("rules.holdFirstPosts")}
            </label>
            <p className="hint muted" id="hold-first-hint">
              {t("rules.holdFirstPostsHint")}
            </p>
          </div>
          <div className="field">
            <label htmlFor="newMemberHoldLinks">{t("rules.newMemberHoldLinks")}</label>
            <input
              id="newMemberHoldLinks"
              name="newMemberHoldLinks"
              type="number"
              min={0}
              max={10000}
              required
              defaultValue={rules.newMemberHoldLinks}
              {...invalid("newMemberHoldLinks")}
            />
            {fieldError("newMemberHoldLinks")}
          </div>
        </section>

        <section className="card" aria-labelledby="limits-heading">
          <h2 id="limits-heading">{t("rules.limitsHeading")}</h2>
          <div className="table-wrap flat">
            <table className="rules-limits">
              <caption className="visually-hidden">{t("rules.limitsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("rules.level")}</th>
                  {LIMITS.map((limit) => (
                    <th scope="col" key={limit}>
                      {t(`rules.${limit}`)}
                    </th>
                  ))}
                  <th scope="col">{t("rules.images")}</th>
                </tr>
              </thead>
              <tbody>
                {LEVELS.map((level) => (
                  <tr key={level}>
                    <th scope="row">{t(`trustLevels.${level}`)}</th>
                    {LIMITS.map((limit) => {
                      const name = `${level}.${limit}`;
                      return (
                        <td key={limit}>
                          <input
                            name={name}
                            type="number"
                            min={limit === "postsPerHour" ? 1 : 0}
                            max={10000}
                            required
                            defaultValue={rules.limits[level][limit]}
                            aria-label={t("rules.limitOf", { limit: t(`rules.${limit}`), level: t(`trustLevels.${level}`) })}
                            {...invalid(name)}
                          />
                          {fieldError(name)}
                        </td>
                      );
                    })}
                    <td>
                      <input
                        type="checkbox"
                        name={`${level}.images`}
                        defaultChecked={rules.limits[level].images}
                        aria-label={t("rules.imagesOf", { level: t(`trustLevels.${level}`) })}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section className="card" aria-labelledby="words-heading">
          <h2 id="words-heading">{t("rules.wordsHeading")}</h2>
          <p className="hint muted">{t("rules.wordsHint")}</p>
          <div className="rules-words">
            {(["blockedEn", "blockedJa"] as const).map((name) => (
              <div className="field" key={name}>
                <label htmlFor={name}>{t(`rules.${name}`)}</label>
                <textarea
                  id={name}
                  name={name}
                  rows={8}
                  defaultValue={(name === "blockedEn" ? rules.blockedWords.en : rules.blockedWords.ja).join("\n")}
                  {...invalid(name)}
                />
                {fieldError(name)}
              </div>
            ))}
          </div>
        </section>
        <div>
          <button type="submit" disabled={navigation.state !== "idle"}>
            {t("rules.save")}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
