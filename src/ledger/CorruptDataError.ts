export class CorruptDataError extends Error {
  constructor(readonly file: string, detail: string, readonly backup?: string) {
    super(`数据文件 ${file} 已损坏（${detail}），拒绝启动以免丢失数据。${backup ? `最新备份：${backup}` : '没有找到备份。'}`);
  }
}
