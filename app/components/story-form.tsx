import { useTranslation } from "react-i18next";
import { TextField } from "./community";
import { STORY_TITLE_MAX, STORY_TITLE_MIN } from "../domain/stories";

export type StoryFormValues = Partial<
  Record<"title" | "industry" | "productArea" | "challenge" | "solution" | "results" | "quote" | "quoteBy" | "language", string>
>;

/** The story's fields, the same on the customer pages and in the console. */
export function StoryFormFields({ values, errors, idPrefix = "story" }: { values: StoryFormValues; errors: Record<string, string>; idPrefix?: string }) {
  const { t } = useTranslation("stories");
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <TextField
        name="title"
        id={id("title")}
        label={t("form.title")}
        hint={t("form.titleHint", { min: STORY_TITLE_MIN, max: STORY_TITLE_MAX })}
        defaultValue={values.title}
        error={errors.title}
      />
      <TextField
        name="industry"
        id={id("industry")}
        label={t("form.industry")}
        hint={t("form.industryHint")}
        defaultValue={values.industry}
        error={errors.industry}
      />
      <TextField
        name="productArea"
        id={id("productArea")}
        label={t("form.productArea")}
        hint={t("form.productAreaHint")}
        defaultValue={values.productArea}
        error={errors.productArea}
        required={false}
      />
      <TextField
        name="challenge"
        id={id("challenge")}
        label={t("form.challenge")}
        hint={t("form.challengeHint")}
        defaultValue={values.challenge}
        error={errors.challenge}
        multiline
      />
      <TextField
        name="solution"
        id={id("solution")}
        label={t("form.solution")}
        hint={t("form.solutionHint")}
        defaultValue={values.solution}
        error={errors.solution}
        multiline
      />
      <TextField
        name="results"
        id={id("results")}
        label={t("form.results")}
        hint={t("form.resultsHint")}
        defaultValue={values.results}
        error={errors.results}
        multiline
      />
      <TextField name="quote" id={id("quote")} label={t("form.quote")} defaultValue={values.quote} error={errors.quote} multiline required={false} />
      <TextField
        name="quoteBy"
        id={id("quoteBy")}
        label={t("form.quoteBy")}
        hint={t("form.quoteByHint")}
        defaultValue={values.quoteBy}
        error={errors.quoteBy}
        required={false}
      />
      <div className="field">
        <label htmlFor={id("language")}>{t("form.language")}</label>
        <select id={id("language")} name="language" defaultValue={values.language ?? "en"}>
          <option value="en">{t("form.languages.en")}</option>
          <option value="ja">{t("form.languages.ja")}</option>
        </select>
        {errors.language ? <p className="field-error">{errors.language}</p> : null}
      </div>
    </>
  );
}
