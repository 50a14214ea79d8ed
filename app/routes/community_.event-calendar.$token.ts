import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarByToken } from "../services/meetup-calendar.server";
import { calendarResponse } from "../utils/calendar-response.server";

/**
 * `/community/event-calendar/:token`: the .ics an email links to, without signing in. The token is
 * single-purpose (it opens this registration's calendar file, nothing else) and only its hash is
 * stored. Reading it changes nothing.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const file = calendarByToken(params.token ?? "");
  if (!file)
    return new Response("This calendar link does not work.\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  return calendarResponse(file);
}
