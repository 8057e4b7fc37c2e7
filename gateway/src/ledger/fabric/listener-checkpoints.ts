/**
 * One checkpoint per event listener. fabric-network resumes a listener after the last block
 * and transactions its checkpointer recorded and ignores `startBlock` once the checkpoint holds
 * a block, so listeners sharing one checkpoint file would make every replay from a start
 * block (an SSE client reconnecting with Last-Event-ID) start after whatever another listener
 * processed last. Each listener therefore gets a file of its own, removed when it unsubscribes;
 * within its life it still lets fabric-network resume after a reconnect without gaps or repeats.
 * A listener never outlives its process, so the files a killed gateway left behind are removed
 * when the next one starts instead of piling up.
 */
import { DefaultCheckpointers, type Checkpointer } from 'fabric-network';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface ListenerCheckpoint {
  readonly checkpointer: Checkpointer;
  readonly file: string;
  /** Deletes the file: nothing will resume this listener once it is removed. */
  dispose(): void;
}

export class ListenerCheckpoints {
  constructor(private readonly dir: string, private readonly prefix: string) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (name.startsWith(`${prefix}-listener-`) && name.endsWith('.json')) rmSync(join(dir, name), { force: true });
    }
  }

  async forNewListener(): Promise<ListenerCheckpoint> {
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, `${this.prefix}-listener-${randomUUID()}.json`);
    const checkpointer = await DefaultCheckpointers.file(file);
    return { checkpointer, file, dispose: () => rmSync(file, { force: true }) };
  }
}
