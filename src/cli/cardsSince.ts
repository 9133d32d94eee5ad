import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Card } from '../reply/Card.js';
import { cardText } from '../reply/cardText.js';

const WAIT_MS = 1_500;
const STEP_MS = 50;

/**
 * Demo mode: the cards the bot "sent" (appended to DATA_DIR/outbound.jsonl) after byte `from`, each
 * as its recipient would read it. The outbox sends just after the reply, so it waits for them briefly.
 */
export async function cardsSince(dataDir: string, from: number): Promise<string[]> {
  const file = path.join(dataDir, 'outbound.jsonl');
  for (let waited = 0; waited <= WAIT_MS; waited += STEP_MS) {
    const found = await read(file, from);
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, STEP_MS));
  }
  return [];
}

export async function outboundSize(dataDir: string): Promise<number> {
  const handle = await open(path.join(dataDir, 'outbound.jsonl'), 'r').catch(() => undefined);
  if (!handle) return 0;
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

async function read(file: string, from: number): Promise<string[]> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return [];
  try {
    const size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.max(0, size - from));
    await handle.read(buffer, 0, buffer.length, from);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.includes('"template_card"'))
      .map((line) => {
        const { body } = JSON.parse(line) as { body: { touser: string; template_card: WireCard } };
        return `→ ${body.touser} 收到卡片：\n${cardText(fromWire(body.template_card))}`;
      });
  } finally {
    await handle.close();
  }
}

interface WireCard {
  task_id: string;
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: Array<{ keyname: string; value?: string }>;
  button_list?: Array<{ text: string; key: string }>;
}

function fromWire(w: WireCard): Card {
  return {
    taskId: w.task_id,
    title: w.main_title.title,
    ...(w.main_title.desc && { desc: w.main_title.desc }),
    fields: (w.horizontal_content_list ?? []).map((f) => ({ key: f.keyname, value: f.value ?? '' })),
    ...(w.sub_title_text && { text: w.sub_title_text }),
    buttons: (w.button_list ?? []).map((b) => ({ key: b.key, text: b.text })),
  };
}
