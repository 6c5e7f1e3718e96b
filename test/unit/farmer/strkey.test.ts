import { describe, expect, it } from 'vitest';
import { checkStellarAddress, crc16Xmodem, encodeStellarAccountId } from '../../../src-main/api/rules/strkey';

// Stellar's documented example account (SEP-0023 / developer docs).
const KNOWN = 'GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ';

describe('Stellar payout addresses (StrKey)', () => {
  it('CRC16-XModem matches the standard check value', () => {
    expect(crc16Xmodem(new TextEncoder().encode('123456789'))).toBe(0x31c3);
  });

  it('accepts a real account address and one it encodes itself', () => {
    expect(checkStellarAddress(KNOWN)).toEqual({ ok: true });
    const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
    const address = encodeStellarAccountId(key);
    expect(address).toMatch(/^G[A-Z2-7]{55}$/);
    expect(checkStellarAddress(` ${address} `)).toEqual({ ok: true });
  });

  it('refuses a mistyped character through the checksum', () => {
    const typo = KNOWN.slice(0, 20) + (KNOWN[20] === 'A' ? 'B' : 'A') + KNOWN.slice(21);
    expect(checkStellarAddress(typo)).toMatchObject({ ok: false, reason: expect.stringMatching(/checksum/) });
  });

  it('says what is wrong with secrets, muxed, short and non-base32 input', () => {
    expect(checkStellarAddress('SCZANGBA5YHTNYVVV4C3U252E2B6P6F5T3U6MM63WBSBZATAQI3EBTQ4')).toMatchObject({ ok: false, reason: expect.stringMatching(/secret/) });
    expect(checkStellarAddress('MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAAGZFQ')).toMatchObject({ ok: false, reason: expect.stringMatching(/muxed/) });
    expect(checkStellarAddress('GA7QYNF7')).toMatchObject({ ok: false, reason: expect.stringMatching(/56 characters/) });
    expect(checkStellarAddress(KNOWN.slice(0, 55) + '1')).toMatchObject({ ok: false, reason: expect.stringMatching(/A–Z/) });
    expect(checkStellarAddress('')).toMatchObject({ ok: false, reason: expect.stringMatching(/required/) });
    expect(checkStellarAddress('0x1234')).toMatchObject({ ok: false, reason: expect.stringMatching(/starts with G/) });
  });
});
