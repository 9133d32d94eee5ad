export class CorruptDataError extends Error {
  /** `advice` replaces the backup pointer where there are no backups (the append-only history). */
  constructor(
    readonly file: string,
    detail: string,
    readonly backup?: string,
    advice?: string,
  ) {
    super(
      `数据文件 ${file} 已损坏（${detail}），拒绝启动以免丢失数据。${advice ?? (backup ? `最新备份：${backup}` : '没有找到备份。')}`,
    );
  }
}
