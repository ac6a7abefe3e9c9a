// The real-world trace files in ../shared/fixtures (see its README). They are not part of this
// repository: tests that use them are skipped, with this reason, where the folder is absent.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const SHARED_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));
export const HAS_SHARED_FIXTURES = existsSync(join(SHARED_FIXTURES, 'README.md'));
export const NO_SHARED_FIXTURES_REASON = `skipped: ${SHARED_FIXTURES} is absent (it exists on the project machines and in CI)`;

export function sharedFixtureFiles(folder: string, extension: string): string[] {
  const dir = join(SHARED_FIXTURES, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name));
}
