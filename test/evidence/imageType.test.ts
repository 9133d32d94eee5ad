import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageType } from '../../src/evidence/imageType.js';

const hex = (h: string) => Buffer.from(h, 'hex');

test('each accepted image type is recognised by its first bytes', () => {
  assert.equal(imageType(hex('ffd8ffe000104a464946')), 'jpg');
  assert.equal(imageType(hex('89504e470d0a1a0a0000000d')), 'png');
  assert.equal(imageType(Buffer.from('GIF89a\x01\x00')), 'gif');
  assert.equal(imageType(Buffer.from('GIF87a\x01\x00')), 'gif');
  assert.equal(imageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')), 'webp');
  assert.equal(imageType(Buffer.from('BM\x36\x00', 'latin1')), 'bmp');
});

test('anything else is not an image: pages, JSON, text, archives, a WAV in RIFF, nothing at all', () => {
  for (const head of [
    Buffer.from('<!doctype html>'),
    Buffer.from('{"errcode":0}'),
    Buffer.from('second photo'),
    hex('504b0304'),
    Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'),
    hex('ffd8'),
    Buffer.alloc(0),
  ])
    assert.equal(imageType(head), undefined, head.toString('latin1'));
});
