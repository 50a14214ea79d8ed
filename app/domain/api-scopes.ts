import { z } from "zod";
import { fieldMessage } from "./field-message";
import { formId } from "./form-input";

/** What an API key may do. Later areas add their scopes here. */
export const API_SCOPES = [
  "accounts:write",
  "contacts:read",
  "contacts:write",
  "campaigns:write",
  "campaigns:read",
  "responses:read",
  "community:read",
  "events:write",
  "guides:read",
  "guides:write",
  "onboarding:read",
  "ideas:read",
  "ideas:write",
  "revenue:write",
  "kpis:read",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** A new API key as the console form and the command line give it (the page extends it in the browser). */
export const NewApiKey = z.object({
  name: z
    .string(fieldMessage("apiKeyName"))
    .trim()
    .min(1, fieldMessage("apiKeyName"))
    .max(80, fieldMessage("apiKeyNameTooLong", { max: 80 })),
  scopes: z.array(z.enum(API_SCOPES, fieldMessage("apiKeyScopeUnknown", { scopes: API_SCOPES.join(", ") }))).min(1, fieldMessage("apiKeyScopes")),
});
export type NewApiKey = z.infer<typeof NewApiKey>;

/** The API-key page's forms (`/cs/api-keys`), told apart by `intent`: create a key, and each key's revoke button. */
export const CreateKeyForm = NewApiKey.extend({ intent: z.literal("create") });
export const RevokeKeyForm = z.object({
  intent: z.literal("revoke"),
  id: formId(fieldMessage("apiKeyChoose")),
});
