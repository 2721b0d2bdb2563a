/**
 * Bitcoin address checksums: base58check (P2PKH/P2SH, BIP-13) and bech32/bech32m (BIP-173,
 * BIP-350). A wrong checksum is a typo or a random string, not an address.
 */
import { createHash } from 'node:crypto';
import type { Validation } from './types.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function decodeBase58(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const ch of text) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  for (; value > 0n; value >>= 8n) bytes.unshift(Number(value & 0xffn));
  const leadingZeros = /^1*/.exec(text)?.[0].length ?? 0;
  return Uint8Array.from([...new Array<number>(leadingZeros).fill(0), ...bytes]);
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

export function checkBase58Address(match: string): Validation {
  const bytes = decodeBase58(match);
  if (bytes?.length !== 25 || (bytes[0] !== 0x00 && bytes[0] !== 0x05)) return 'invalid';
  const checksum = sha256(sha256(bytes.subarray(0, 21))).subarray(0, 4);
  return checksum.equals(bytes.subarray(21)) ? 'valid' : 'invalid';
}

function polymod(values: readonly number[]): number {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    GEN.forEach((g, i) => {
      if ((top >>> i) & 1) chk = (chk ^ g) >>> 0;
    });
  }
  return chk;
}

/** bech32 for witness version 0, bech32m for 1..16 (BIP-350). Mixed case is invalid. */
export function checkBech32Address(match: string): Validation {
  if (match !== match.toLowerCase() && match !== match.toUpperCase()) return 'invalid';
  const text = match.toLowerCase();
  const sep = text.lastIndexOf('1');
  const hrp = text.slice(0, sep);
  const data = Array.from(text.slice(sep + 1), (ch) => BECH32.indexOf(ch));
  if (hrp !== 'bc' || data.length < 7 || data.some((d) => d < 0)) return 'invalid';
  const expanded = [...Array.from(hrp, (c) => c.charCodeAt(0) >> 5), 0];
  expanded.push(...Array.from(hrp, (c) => c.charCodeAt(0) & 31), ...data);
  const version = data[0] ?? -1;
  const expected = version === 0 ? BECH32_CONST : BECH32M_CONST;
  return version <= 16 && polymod(expanded) === expected ? 'valid' : 'invalid';
}
