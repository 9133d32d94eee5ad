import type { Cell } from './readSheet.js';

/** A .docx as the readers need it: its tables as rows of cells, and its text as paragraphs. */
export async function docxContent(bytes: Buffer): Promise<{ tables: Cell[][][]; text: string }> {
  const { default: mammoth } = await import('mammoth');
  const [html, raw] = await Promise.all([
    mammoth.convertToHtml({ buffer: bytes }),
    mammoth.extractRawText({ buffer: bytes }),
  ]);
  return { tables: tablesIn(html.value), text: raw.value };
}

/**
 * mammoth writes plain, regular HTML (no nesting we care about, attributes quoted), so its tables can be
 * walked with patterns. A cell spanning rows (a merged category) is repeated into the rows below it.
 */
function tablesIn(html: string): Cell[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((table) => {
    const rows: Cell[][] = [];
    const spans: { left: number; value: string }[] = [];
    for (const tr of table[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
      const row: Cell[] = [];
      let column = 0;
      const fill = () => {
        while (spans[column]?.left) {
          row[column] = spans[column]!.value;
          spans[column]!.left--;
          column++;
        }
      };
      for (const td of tr[1]!.matchAll(/<t[dh]([^>]*)>([\s\S]*?)<\/t[dh]>/g)) {
        fill();
        const value = cellText(td[2]!);
        const rowspan = Number(/rowspan="(\d+)"/.exec(td[1]!)?.[1] ?? 1);
        const colspan = Number(/colspan="(\d+)"/.exec(td[1]!)?.[1] ?? 1);
        for (let k = 0; k < colspan; k++) {
          row[column] = value;
          if (rowspan > 1) spans[column] = { left: rowspan - 1, value };
          column++;
        }
      }
      fill();
      rows.push(row);
    }
    return rows;
  });
}

function cellText(html: string): string {
  return html
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
