import type { SubmissionResult } from "@conform-to/react";
import { useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { wordMessage } from "../domain/field-message";
import { isLanguage } from "../locales";

/** What a settings section's action answers: which form, conform's reply, and a notice. */
export type SettingsResult = {
  intent: string;
  result: SubmissionResult<string[]>;
  /** Segment thresholds saved: how many accounts moved. */
  saved?: { changed: number; currencies: string[] } | null;
  message?: string | null;
};

type SectionResult = SettingsResult | undefined;

/** The intent of the settings form being submitted, or null: each section disables its own button. */
export function usePendingIntent() {
  const navigation = useNavigation();
  return navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
}

/** Words a form's messages (codes from `fieldMessage`, or sentences) in the page's language. */
export function useWordMessage() {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "en";
  return (text: string) => wordMessage(text, language);
}

export function FormNotice({ actionData, errors, errorId }: { actionData: SectionResult; errors: string[] | undefined; errorId: string }) {
  const word = useWordMessage();
  if (errors?.length) {
    return (
      <div className="notice error" role="alert" id={errorId}>
        {errors.map(word).join(" ")}
      </div>
    );
  }
  return actionData?.message ? (
    <div className="notice success" role="status">
      {actionData.message}
    </div>
  ) : null;
}

export function FieldError({ errors, id }: { errors: string[] | undefined; id: string }) {
  const word = useWordMessage();
  return errors ? (
    <p className="field-error" id={id}>
      {word(errors[0])}
    </p>
  ) : null;
}

/** A form's own refusal (not about one field), inside the form it answers; the form names it by `id` (conform's errorId). */
export function FormError({ errors, id }: { errors: string[] | undefined; id: string }) {
  const word = useWordMessage();
  return errors?.length ? (
    <div className="notice error" role="alert" id={id}>
      {errors.map(word).join(" ")}
    </div>
  ) : null;
}
