import { attendanceTotalsOf, attendedByAccount, type AttendedMeetupRow } from "../models/meetup.server";

/**
 * User-group events as participation: how many of an account's people attended (and spoke), and
 * which events, for the account 360 and the scoring and advocacy inputs. Attendance is what staff
 * marked (by hand or from the attendee list), never a registration alone.
 */
export type MeetupParticipation = { attended: number; spoke: number; people: number; lastAttendedAt: number | null; recent: AttendedMeetupRow[] };

export function accountMeetupParticipation(accountId: number): MeetupParticipation {
  return { ...attendanceTotalsOf(accountId), recent: attendedByAccount(accountId, 10) };
}
