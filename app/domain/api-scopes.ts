/** What an API key may do. Later areas add their scopes here. */
export const API_SCOPES = [
  "accounts:write",
  "contacts:read",
  "contacts:write",
  "campaigns:write",
  "campaigns:read",
  "responses:read",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}
