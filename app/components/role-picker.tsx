import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import { ROLES, type Role } from "../domain/permissions";

/** One line per role, so an admin sees what they grant before granting it. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything, including users, API keys, settings and the audit log",
  csm: "Reads everything, works cases and their own accounts",
  viewer: "Reads everything, changes nothing",
};

/** The role as a radio group (works without JavaScript; every choice explains itself). */
export function RolePicker({ field, legend = "Role" }: { field: FieldMetadata<string>; legend?: string }) {
  return (
    <fieldset className="choice-list" aria-describedby={field.errors ? field.errorId : undefined}>
      <legend>{legend}</legend>
      {getCollectionProps(field, { type: "radio", options: [...ROLES] }).map(({ key, ...props }) => (
        <label key={key} className="choice" htmlFor={props.id}>
          <input {...props} />
          <span>
            <strong>{props.value}</strong>
            <span className="muted"> — {ROLE_DESCRIPTIONS[props.value as Role]}</span>
          </span>
        </label>
      ))}
      {field.errors ? (
        <p className="field-error" id={field.errorId}>
          {field.errors[0]}
        </p>
      ) : null}
    </fieldset>
  );
}
