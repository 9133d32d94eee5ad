import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { createWeComApi } from '../wecom/createWeComApi.js';
import { WeComApiError, WeComNetworkError } from '../wecom/errors.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const chatCreateUsage =
  'chat-create --name <群名> --users a,b,c [--owner <userid>]   创建应用群聊，打印 chatid（填入 WECOM_CHAT_IDS）';

// appchat/create (§4.3): 2–2000 members, a name of at most 50 characters.
const MIN_USERS = 2;
const MAX_USERS = 2000;
const MAX_NAME_CHARS = 50;

/** Creates an app group chat, the only kind of group the app may post digests and reminders to. */
export async function chatCreate(argv: string[], config: Config): Promise<string> {
  const { values } = parseCommandArgs(argv, {
    usage: chatCreateUsage,
    options: { name: { type: 'string' }, users: { type: 'string' }, owner: { type: 'string' } },
  });
  const name = values.name?.trim() ?? '';
  const users = [
    ...new Set(
      (values.users ?? '')
        .split(/[,，]/)
        .map((u) => u.trim())
        .filter(Boolean),
    ),
  ];
  if (!name || !users.length) throw new CliUsageError(chatCreateUsage);
  if (users.length < MIN_USERS || users.length > MAX_USERS)
    throw new CliFailure(`群成员应为 ${MIN_USERS}–${MAX_USERS} 人，现在是 ${users.length} 人。`);
  if ([...name].length > MAX_NAME_CHARS) throw new CliFailure(`群名最多 ${MAX_NAME_CHARS} 个字。`);
  if (config.demo)
    throw new CliFailure(
      '创建群聊需要企业微信凭据（WECOM_CORP_ID、WECOM_SECRET 等）；演示模式下没有企业微信可以创建。',
    );
  const api = createWeComApi(config, Date.now, createLogger(config.logLevel, process.stderr));
  let answer: Record<string, unknown>;
  try {
    answer = await api.post('appchat/create', { name, userlist: users, ...(values.owner && { owner: values.owner }) });
  } catch (err) {
    if (err instanceof WeComApiError)
      throw new CliFailure(`创建失败：${err.message}（若是无权限：只有可见范围为根部门的应用才能创建群聊）`);
    if (err instanceof WeComNetworkError) throw new CliFailure(`创建失败：${err.message}`);
    throw err;
  }
  const chatId = String(answer.chatid ?? '');
  return [
    `已创建群聊「${name}」，chatid：${chatId}`,
    `加入配置：WECOM_CHAT_IDS=${[...config.schedule.chatIds, chatId].join(',')}`,
    '提示：新群要收到第一条消息后才会出现在成员的企业微信里。',
  ].join('\n');
}
