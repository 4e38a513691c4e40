// Verifies a DSSE envelope with @sigstore/core's own PAE and signature
// primitive (not dxcheck's): usage: node verify_dsse.mjs ENVELOPE PUBKEY.pem
// Prints "verified" and exits 0, or prints why and exits 1.
import { readFileSync } from 'node:fs';
import { crypto, dsse } from '@sigstore/core';

const [envPath, keyPath] = process.argv.slice(2);
const env = JSON.parse(readFileSync(envPath, 'utf8'));
const payload = Buffer.from(env.payload, 'base64');  // Node accepts both alphabets
const key = crypto.createPublicKey(readFileSync(keyPath, 'utf8'));
const pae = dsse.preAuthEncoding(env.payloadType, payload);
const ok = env.signatures.some((s) => crypto.verify(pae, key, Buffer.from(s.sig, 'base64')));
const keyid = crypto.digest('sha256', key.export({ type: 'spki', format: 'der' })).toString('hex');
if (!ok) { console.log('signature does not verify'); process.exit(1); }
if (!env.signatures.some((s) => s.keyid === keyid)) { console.log(`no signature with keyid ${keyid}`); process.exit(1); }
const statement = JSON.parse(payload.toString('utf8'));
if (statement._type !== 'https://in-toto.io/Statement/v1') { console.log('not an in-toto Statement v1'); process.exit(1); }
console.log(`verified: ${statement.predicate.verdict}, keyid ${keyid}`);
