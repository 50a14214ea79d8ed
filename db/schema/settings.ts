import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Admin-edited settings, one JSON value per key; shapes are zod schemas in app/models/settings.server.ts. */
export const settings = sqliteTable("settings", {
  key: text().primaryKey(),
  value: text({ mode: "json" }).notNull(),
});
