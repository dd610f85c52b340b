import { expect, test } from 'vitest';
import { CLOUDFLARE_HIDDEN, cloudflareEmailsIn, decodeCloudflareEmail, emailsIn } from '../../src/indicators/a11y-statement/statement/contacts.ts';

/** Cloudflare's encoding: the key byte, then each byte of the address XORed with it, as hex. */
function encode(address: string, key = 0x5a): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return hex(key) + [...new TextEncoder().encode(address)].map((b) => hex(b ^ key)).join('');
}

test('a Cloudflare protection link with its hex gives the address', () => {
  expect(decodeCloudflareEmail(encode('pieklustamiba@vid.gov.lv'))).toBe('pieklustamiba@vid.gov.lv');
  expect(cloudflareEmailsIn('Rakstiet uz [email protected].', [`https://vid.gov.lv/cdn-cgi/l/email-protection#${encode('info@vid.gov.lv', 0x13)}`])).toEqual(['info@vid.gov.lv']);
});

test('without a readable hex, the stand-in still says an address is given', () => {
  expect(decodeCloudflareEmail('abc')).toBeNull();
  expect(decodeCloudflareEmail(encode('not an address'))).toBeNull();
  expect(cloudflareEmailsIn('Rakstiet uz [email\u00a0protected].', ['/cdn-cgi/l/email-protection#abc'])).toEqual([CLOUDFLARE_HIDDEN]);
  expect(cloudflareEmailsIn('Rakstiet mums vēstuli.', [])).toEqual([]);
});

test('obfuscated spellings are read as addresses', () => {
  expect(emailsIn('vards(at)iestade.lv, vards [at] iestade [punkts] lv, vārds @ iestāde . lv')).toEqual(['vards@iestade.lv', 'vards@iestade.lv', 'vārds@iestāde.lv']);
});
