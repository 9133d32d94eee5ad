export class DataLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个进程（pid ${pid}）使用。机器人运行时请通过聊天或 \`npm run cli -- chat\` 操作，或先停止它。`,
    );
  }
}
