import { foldFullWidth } from '../text/foldFullWidth.js';

/** 一、… / (一)… / 1.… / (1)… → … : a category's name without its place in the document. */
export function stripHeadingMarker(text: string): string {
  return foldFullWidth(text)
    .replace(/^\s*(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、]|\(\d+\))\s*/, '')
    .trim();
}
