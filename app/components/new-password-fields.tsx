import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { MIN_PASSWORD_LENGTH } from "../domain/staff-users";
import { FieldError } from "./settings-form";

/** A new password and its confirmation with the length rule: the same on a user's page (an admin's reset) and on one's own profile. */
export function NewPasswordFields({ password, confirm }: { password: FieldMetadata<string>; confirm: FieldMetadata<string> }) {
  const { t } = useTranslation("admin");
  const hintId = `${password.id}-hint`;
  return (
    <>
      <div className="field">
        <label htmlFor={password.id}>{t("users.detail.newPassword")}</label>
        <input
          {...getInputProps(password, { type: "password" })}
          autoComplete="new-password"
          aria-describedby={password.errors ? `${hintId} ${password.errorId}` : hintId}
        />
        <p className="hint" id={hintId}>
          {t("users.detail.passwordHint", { min: MIN_PASSWORD_LENGTH })}
        </p>
        <FieldError errors={password.errors} id={password.errorId} />
      </div>
      <div className="field">
        <label htmlFor={confirm.id}>{t("users.detail.confirm")}</label>
        <input {...getInputProps(confirm, { type: "password" })} autoComplete="new-password" />
        <FieldError errors={confirm.errors} id={confirm.errorId} />
      </div>
    </>
  );
}
