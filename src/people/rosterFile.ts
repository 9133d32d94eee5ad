import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PEOPLE_FILE, readPeopleCsv } from './peopleCsv.js';
import { Roster } from './Roster.js';

/**
 * The roster as DATA_DIR/people.csv holds it now: read again whenever the file changes (size or time),
 * so a name binds as soon as someone edits the file or runs `people sync`, without a restart.
 * A missing or unreadable file is an empty roster: userids alone still work.
 */
export function rosterFile(dataDir: string): () => Roster {
  const file = path.join(dataDir, PEOPLE_FILE);
  let seen = '';
  let roster = new Roster([]);
  return () => {
    // Asked on every 进度: a missing file must not cost a thrown error each time (measured: 8% of the CPU).
    let stamp = 'none';
    try {
      const s = statSync(file, { throwIfNoEntry: false });
      if (s) stamp = `${s.mtimeMs}:${s.size}`;
    } catch {}
    if (stamp !== seen) {
      seen = stamp;
      roster = stamp === 'none' ? new Roster([]) : readRoster(file);
    }
    return roster;
  };
}

function readRoster(file: string): Roster {
  try {
    return new Roster(readPeopleCsv(readFileSync(file)).people);
  } catch {
    return new Roster([]);
  }
}
