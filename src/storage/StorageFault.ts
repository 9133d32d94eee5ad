/** Why the data folder refused a write, in the words a member and an operator need. */
export type StorageProblem = 'full' | 'readonly' | 'denied' | 'moved';

const REPLIES: Record<StorageProblem, string> = {
  full: '服务器磁盘已满，这条消息没有保存。请通知管理员清理磁盘空间，之后重新发送。',
  readonly: '服务器的数据磁盘变成了只读，这条消息没有保存。请通知管理员检查磁盘，之后重新发送。',
  denied: '服务器没有写入数据目录的权限，这条消息没有保存。请通知管理员检查数据目录的权限。',
  moved: '历史记录文件在运行中被删除或替换，为免记录丢失，这条消息没有保存。请通知管理员恢复文件并重启机器人。',
};

const BY_CODE: Record<string, StorageProblem> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'readonly',
  EACCES: 'denied',
  EPERM: 'denied',
};

/**
 * A write the disk refused. Nothing of it was kept, so the reply may say "not saved"; the message
 * names the file for the log, never member text.
 */
export class StorageFault extends Error {
  constructor(
    readonly problem: StorageProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** What the member reads instead of the generic failure. */
  get reply(): string {
    return REPLIES[this.problem];
  }
}

/** The fault behind an error, when the disk is the reason; undefined for anything else. */
export function asStorageFault(err: unknown, file?: string): StorageFault | undefined {
  if (err instanceof StorageFault) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const problem = code === undefined ? undefined : BY_CODE[code];
  if (!problem) return undefined;
  return new StorageFault(problem, `${file ?? '数据目录'}：${code}`, { cause: err });
}
