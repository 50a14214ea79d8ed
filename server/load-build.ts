import type { ServerBuild } from "@remix-run/node";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as ServerApi from "../app/server-api.server";

/**
 * The Remix server build and the app API it exports. The entries run compiled, from
 * build/server/ (`npm run build` compiles them beside the Remix build), so the build is one up.
 */
export async function loadBuild(): Promise<{ build: ServerBuild; api: typeof ServerApi }> {
  const path = fileURLToPath(new URL("../index.js", import.meta.url));
  if (!existsSync(path)) {
    console.error("No production build found: run `npm run build` (npm start does it for you).");
    process.exit(1);
  }
  const build = (await import(path)) as ServerBuild;
  return { build, api: (build.entry.module as unknown as { serverApi: typeof ServerApi }).serverApi };
}
