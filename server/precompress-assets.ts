import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { PRECOMPRESSED } from "./compression";

const MIN_BYTES = 1024;

/**
 * Writes `file.br` (brotli 11) and `file.gz` (gzip 9) beside every text asset of the build, once
 * at build time, so that the server sends them as they are instead of compressing them per
 * request. A variant that would not be smaller is not written.
 */
export function precompressAssets(dir: string): { files: number; bytes: number; brotliBytes: number } {
  const totals = { files: 0, bytes: 0, brotliBytes: 0 };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !PRECOMPRESSED.some((ext) => entry.name.endsWith(ext))) continue;
    const path = join(entry.parentPath, entry.name);
    if (statSync(path).size < MIN_BYTES) continue;
    const source = readFileSync(path);
    const br = brotliCompressSync(source, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
    });
    const gz = gzipSync(source, { level: 9 });
    if (br.length < source.length) writeFileSync(`${path}.br`, br);
    if (gz.length < source.length) writeFileSync(`${path}.gz`, gz);
    totals.files++;
    totals.bytes += source.length;
    totals.brotliBytes += Math.min(br.length, source.length);
  }
  return totals;
}

// `tsx server/precompress-assets.ts public/build`, from `npm run build`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? "public/build";
  const { files, bytes, brotliBytes } = precompressAssets(dir);
  console.log(`Precompressed ${files} assets in ${dir}: ${Math.round(bytes / 1024)} KB, ${Math.round(brotliBytes / 1024)} KB as brotli.`);
}
