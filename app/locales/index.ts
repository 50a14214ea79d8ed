import enDashboard from "./en/dashboard";
import enResponses from "./en/responses";
import enCases from "./en/cases";
import enCampaigns from "./en/campaigns";
import enAccounts from "./en/accounts";
import enAdmin from "./en/admin";
import jaDashboard from "./ja/dashboard";
import jaResponses from "./ja/responses";
import jaCases from "./ja/cases";
import jaCampaigns from "./ja/campaigns";
import jaAccounts from "./ja/accounts";
import jaAdmin from "./ja/admin";
import enAuth from "./en/auth";
import enCommon from "./en/common";
import enConsole from "./en/console";
import enEmail from "./en/email";
import enPortal from "./en/portal";
import enSurvey from "./en/survey";
import enCommunity from "./en/community";
import jaAuth from "./ja/auth";
import jaCommon from "./ja/common";
import jaConsole from "./ja/console";
import jaEmail from "./ja/email";
import jaPortal from "./ja/portal";
import jaSurvey from "./ja/survey";
import enCommunityConsole from "./en/community-console";
import jaCommunityConsole from "./ja/community-console";
import enCommunityJoin from "./en/communityJoin";
import jaCommunityJoin from "./ja/communityJoin";
import enOnboarding from "./en/onboarding";
import jaOnboarding from "./ja/onboarding";
import enCommunityAdmin from "./en/communityAdmin";
import jaCommunityAdmin from "./ja/communityAdmin";
import enCommunitySearch from "./en/community-search";
import jaCommunitySearch from "./ja/community-search";
import jaCommunity from "./ja/community";
import enCommunityModeration from "./en/community-moderation";
import jaCommunityModeration from "./ja/community-moderation";
import enCommunityNotify from "./en/community-notify";
import jaCommunityNotify from "./ja/community-notify";
import enPrivacy from "./en/privacy";
import jaPrivacy from "./ja/privacy";
import enStaffAuth from "./en/staffAuth";
import jaStaffAuth from "./ja/staffAuth";
import enIdeas from "./en/ideas";
import jaIdeas from "./ja/ideas";
import enMeetups from "./en/meetups";
import jaMeetups from "./ja/meetups";
import enStories from "./en/stories";
import jaStories from "./ja/stories";
import enVoice from "./en/voice";
import jaVoice from "./ja/voice";
import enOnboardingConsole from "./en/onboardingConsole";
import jaOnboardingConsole from "./ja/onboardingConsole";
import enTasks from "./en/tasks";
import jaTasks from "./ja/tasks";
import enNudges from "./en/nudges";
import jaNudges from "./ja/nudges";
import enKpis from "./en/kpis";
import jaKpis from "./ja/kpis";

export const LANGUAGES = ["en", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Every namespace in every language, bundled: the strings are small and pages render offline.
 * The console's strings are split by area (`console` holds the shell, shared words, errors and
 * field messages); customer pages hydrate no JavaScript, so none of this reaches a phone.
 */
export const resources = {
  en: {
    common: enCommon,
    console: enConsole,
    dashboard: enDashboard,
    responses: enResponses,
    cases: enCases,
    campaigns: enCampaigns,
    accounts: enAccounts,
    admin: enAdmin,
    auth: enAuth,
    portal: enPortal,
    email: enEmail,
    survey: enSurvey,
    communityConsole: enCommunityConsole,
    communityJoin: enCommunityJoin,
    onboarding: enOnboarding,
    communityAdmin: enCommunityAdmin,
    communitySearch: enCommunitySearch,
    community: enCommunity,
    communityModeration: enCommunityModeration,
    communityNotify: enCommunityNotify,
    privacy: enPrivacy,
    staffAuth: enStaffAuth,
    ideas: enIdeas,
    meetups: enMeetups,
    stories: enStories,
    voice: enVoice,
    onboardingConsole: enOnboardingConsole,
    tasks: enTasks,
    nudges: enNudges,
    kpis: enKpis,
  },
  ja: {
    common: jaCommon,
    console: jaConsole,
    dashboard: jaDashboard,
    responses: jaResponses,
    cases: jaCases,
    campaigns: jaCampaigns,
    accounts: jaAccounts,
    admin: jaAdmin,
    auth: jaAuth,
    portal: jaPortal,
    email: jaEmail,
    survey: jaSurvey,
    communityConsole: jaCommunityConsole,
    communityJoin: jaCommunityJoin,
    onboarding: jaOnboarding,
    communityAdmin: jaCommunityAdmin,
    communitySearch: jaCommunitySearch,
    community: jaCommunity,
    communityModeration: jaCommunityModeration,
    communityNotify: jaCommunityNotify,
    privacy: jaPrivacy,
    staffAuth: jaStaffAuth,
    ideas: jaIdeas,
    meetups: jaMeetups,
    stories: jaStories,
    voice: jaVoice,
    onboardingConsole: jaOnboardingConsole,
    tasks: jaTasks,
    nudges: jaNudges,
    kpis: jaKpis,
  },
} as const;

export const NAMESPACES = Object.keys(resources.en) as (keyof (typeof resources)["en"])[];

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "ja";
}
