import type { CalendarFile } from "../services/meetup-calendar.server";

/** A calendar file as a download: text/calendar, never cached (it may hold a join link). */
export function calendarResponse(file: CalendarFile): Response {
  return new Response(file.body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
