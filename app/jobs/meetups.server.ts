import { sendMeetupReminders, sendRegistrationNotice } from "../services/meetup-emails.server";
import { meetupNoticeJob, meetupReminderJob } from "./job-types.server";

meetupNoticeJob.handle(async (payload) => {
  await sendRegistrationNotice(payload);
});

meetupReminderJob.handle(async (payload, job) => {
  await sendMeetupReminders(payload.meetupId, payload.kind, job.runAt);
});
