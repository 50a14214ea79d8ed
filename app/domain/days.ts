/** One day in milliseconds: a UTC calendar day (time stamps are UTC; zones are applied when days are shown or bucketed). */
export const DAY_MS = 86_400_000;
