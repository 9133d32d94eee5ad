import type { Target } from '../ledger/LedgerDoc.js';

export function targetKey(target: Target): string {
  switch (target.kind) {
    case 'user':
      return `user:${target.userId.toLowerCase()}`;
    case 'chat':
      return `chat:${target.chatId}`;
    case 'robot':
      return `robot:${target.keyId}`;
  }
}
