import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findContactsForApi } from "../models/contact.server";
import { surveyStateOf } from "../models/nps-api.server";
import { apiBulkUpsert } from "../services/api-upsert.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed, readJsonBody } from "../utils/api.server";

const ALLOWED = ["GET", "HEAD", "PUT"];

const Lookup = z.strictObject({
  email: z.string({ error: "required: ?email=name@example.com" }).trim().toLowerCase().pipe(z.email("use an email address like name@example.com")),
});

/** GET /api/v1/contacts?email= — look a contact up (scope contacts:read). */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { headers } = authenticateApiRequest(request, "contacts:read");
    const query = Lookup.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) {
      const issue = query.error.issues[0];
      const field = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join(".") || "email";
      throw new ApiError(400, "invalid_query", `${field}: ${issue.code === "unrecognized_keys" ? "unknown parameter; use ?email=" : issue.message}`, headers);
    }
    const found = findContactsForApi(query.data.email);
    const survey = surveyStateOf(found.map((contact) => contact.email));
    const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
    const contacts = found.map((contact) => ({
      ...contact,
      unsubscribedAt: contact.unsubscribedAt?.toISOString() ?? null,
      suppressedAt: iso(survey.get(contact.email)?.suppressedAt),
      lastSurveyedAt: iso(survey.get(contact.email)?.lastSurveyedAt),
    }));
    return apiJson({ contacts }, 200, headers);
  });
}

/** PUT /api/v1/contacts — bulk upsert by email (scope contacts:write). */
export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed(request, ALLOWED);
  return handleApi(async () => {
    const { key, headers } = authenticateApiRequest(request, "contacts:write");
    const body = await readJsonBody(request, headers);
    return apiBulkUpsert("contacts", key, body, headers);
  });
}
