import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { ROLES, type Role } from "../domain/permissions";
import { FieldError } from "./settings-form";

/** The role as a radio group (works without JavaScript; every choice explains itself, so an admin sees what they grant before granting it). */
export function RolePicker({ field, legend }: { field: FieldMetadata<string>; legend?: string }) {
  const { t } = useTranslation("admin");
  const { t: tc } = useTranslation("console");
  return (
    <fieldset className="choice-list" aria-describedby={field.errors ? field.errorId : undefined}>
      <legend>{legend ?? t("users.role")}</legend>
      {getCollectionProps(field, { type: "radio", options: [...ROLES] }).map(({ key, ...props }) => (
        <label key={key} className="choice" htmlFor={props.id}>
          <input {...props} />
          <span>
            <strong>{tc(`roles.${props.value as Role}`)}</strong>
            <span className="muted"> — {t(`users.roleDescriptions.${props.value as Role}`)}</span>
          </span>
        </label>
      ))}
      <FieldError errors={field.errors} id={field.errorId} />
    </fieldset>
  );
}
