import type { LoaderFunctionArgs } from "@remix-run/node";
import { ServiceError } from "../domain/service-error";
import { calendarForReader } from "../services/meetup-calendar.server";
import { findMeetupForPage, maySeeMeetup } from "../services/meetup-pages.server";
import { calendarResponse } from "../utils/calendar-response.server";
import { requireCommunityReader } from "../utils/community-access.server";

/** `/community/events/:id/calendar`: the signed-in member's .ics for an event (the join link once their seat is confirmed). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const id = Number(params.id);
  const meetup = Number.isInteger(id) && id > 0 ? findMeetupForPage(id) : undefined;
  if (!meetup) throw new Response("Not found", { status: 404 });
  if (!maySeeMeetup(reader, meetup)) throw new Response(new ServiceError(403, "meetupSegmentNotAllowed").message, { status: 403 });
  const file = calendarForReader(reader, id);
  if (!file) throw new Response("Not found", { status: 404 });
  return calendarResponse(file);
}
