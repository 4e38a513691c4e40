// Signs a payload into a DSSE envelope with Node's crypto and @sigstore/core's
// PAE, independently of dxcheck. usage: node sign_dsse.mjs ALG PAYLOAD OUT_ENVELOPE OUT_PUB
// ALG: ed25519 or p256. The payload is taken as raw bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import nodeCrypto from 'node:crypto';
import { crypto, dsse } from '@sigstore/core';

const [alg, payloadPath, envOut, pubOut] = process.argv.slice(2);
const { privateKey, publicKey } = alg === 'ed25519'
  ? nodeCrypto.generateKeyPairSync('ed25519')
  : nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const payload = readFileSync(payloadPath);
const payloadType = 'application/vnd.in-toto+json';
const pae = dsse.preAuthEncoding(payloadType, payload);
const sig = nodeCrypto.sign(alg === 'ed25519' ? null : 'sha256', pae, privateKey);
const keyid = crypto.digest('sha256', publicKey.export({ type: 'spki', format: 'der' })).toString('hex');
// URL-safe base64 without padding: DSSE allows it, and dxcheck must accept it.
writeFileSync(envOut, JSON.stringify({ payloadType, payload: payload.toString('base64url'),
                                       signatures: [{ keyid, sig: sig.toString('base64url') }] }));
writeFileSync(pubOut, publicKey.export({ type: 'spki', format: 'pem' }));
console.log(keyid);
