import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  encoding: 'UTF-8' | 'GB18030';
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Text saved by WPS or Word as "ANSI" on Chinese Windows is GBK; GB18030 is its superset. Valid UTF-8
 * of any length is almost never also meaningful GBK, so a strict UTF-8 decode decides; a BOM says UTF-8 outright.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  try {
    return { text: utf8.decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'GB18030' };
  }
}
