import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The SQL files ship in the repository: beside this module under tsx, under ../src from the dist/ bundle. */
export const MIGRATIONS_DIR =
  [path.join(here, 'migrations'), path.join(here, '../src/storage/postgres/migrations')].find((d) => existsSync(d)) ??
  path.join(here, 'migrations');
