import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { CallbackError } from './CallbackError.js';

export interface EnvelopeKeys {
  token: string;
  encodingAESKey: string;
  /** CorpID for an app callback; "" for the AI bot. */
  receiveId: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Signature and AES around @wecom/crypto, with the checks the library leaves to its caller. */
export class Envelope {
  constructor(private readonly keys: EnvelopeKeys) {}

  sign(timestamp: string, nonce: string, encrypted: string): string {
    return getSignature(this.keys.token, timestamp, nonce, encrypted);
  }

  verify(signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
    const expected = Buffer.from(this.sign(timestamp, nonce, encrypted));
    const given = Buffer.from(signature.toLowerCase());
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Decrypts and checks the receiveid. Anything malformed is a 400, a foreign receiveid a 403. */
  open(encrypted: string): string {
    // Node's base64 decoder skips junk silently; the library would then decrypt garbage.
    if (encrypted.length % 4 !== 0 || !BASE64.test(encrypted) || (encrypted.length / 4) * 3 < 32) {
      throw new CallbackError(400, 'ciphertext is not base64 of whole AES blocks');
    }
    let opened: { message: string; id: string };
    try {
      opened = decrypt(this.keys.encodingAESKey, encrypted);
    } catch {
      throw new CallbackError(400, 'ciphertext does not decrypt');
    }
    if (opened.id !== this.keys.receiveId) throw new CallbackError(403, 'ciphertext is for another receiver');
    return opened.message;
  }

  seal(plaintext: string, timestamp: string, nonce: string): { encrypted: string; signature: string } {
    const encrypted = encrypt(this.keys.encodingAESKey, plaintext, this.keys.receiveId);
    return { encrypted, signature: this.sign(timestamp, nonce, encrypted) };
  }
}
