// Keeps one open connection per engagement file for the calls of a long-lived face (app, harness).
import { EngagementStore } from '../core/store/engagement-store';
import type { CommandContext } from '../core/store/context';
import type { CheckMemo } from '../core/store/file-checks';

export class EngagementRegistry {
  private readonly open = new Map<string, EngagementStore>();

  constructor(private readonly memo?: CheckMemo) {}

  get(path: string, ctx?: CommandContext): EngagementStore {
    let store = this.open.get(path);
    if (!store) {
      store = EngagementStore.open(path, ctx, this.memo);
      this.open.set(path, store);
    }
    return store;
  }

  adopt(store: EngagementStore): void {
    this.open.get(store.path)?.close();
    this.open.set(store.path, store);
  }

  close(path: string): boolean {
    const store = this.open.get(path);
    if (!store) return false;
    store.close();
    this.open.delete(path);
    return true;
  }

  closeAll(): void {
    for (const store of this.open.values()) store.close();
    this.open.clear();
  }
}
