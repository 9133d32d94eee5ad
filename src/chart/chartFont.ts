import { createRequire } from 'node:module';
import path from 'node:path';

/** The family name inside the font files, which is what SVG text and resvg match on. */
export const CHART_FONT_FAMILY = 'Noto Sans S Chinese';

// Noto Sans (Source Han Sans) cut to GB2312, from an npm package so no machine font is ever used.
// Its exports map hides the font folder, so it is found beside the package's entry point.
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');

export const CHART_FONT_FILES = ['NotoSansHans-Regular.otf', 'NotoSansHans-Bold.otf'].map((f) => path.join(fontDir, f));
