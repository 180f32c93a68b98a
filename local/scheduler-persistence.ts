/**
 * The scheduler emulator's state file: read once at start, written (debounced, atomically by
 * rename) after every change, so schedules, dead letters and the clock offset survive a restart.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeadLetter } from './scheduler-firing.ts';
import type { GroupRecord, ScheduleRecord } from './scheduler-records.ts';

export interface PersistedState {
  version: 1;
  clockOffsetMs: number;
  groups: GroupRecord[];
  schedules: ScheduleRecord[];
  deadLetters: DeadLetter[];
}

/** The saved state, or undefined when there is no file yet. */
export async function loadState(stateFile: string): Promise<PersistedState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as PersistedState;
  if (state.version !== 1) throw new Error(`${stateFile}: unknown scheduler state version ${state.version}`);
  return state;
}

/**
 * `changed()` schedules a write of `snapshot()` 25 ms later (coalescing a burst of changes);
 * `flush()` writes now. Both are no-ops without a state file.
 */
export function makeStateWriter(
  stateFile: string | undefined,
  snapshot: () => PersistedState,
  log: (message: string) => void,
) {
  let saveTimer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const writeState = (): Promise<void> => {
    if (!stateFile) return Promise.resolve();
    const text = JSON.stringify(snapshot(), null, 2);
    writing = writing
      .catch(() => {})
      .then(async () => {
        await mkdir(dirname(stateFile), { recursive: true });
        const temporary = `${stateFile}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, stateFile);
      });
    return writing;
  };
  return {
    changed(): void {
      if (!stateFile || saveTimer) return;
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        writeState().catch((error) =>
          log(
            `scheduler emulator: could not write ${stateFile}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }, 25);
    },
    async flush(): Promise<void> {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = undefined;
      await writeState();
    },
  };
}
