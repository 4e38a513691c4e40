// Verifies a dxcheck DSSE envelope with sigstore's verifier (@sigstore/verify),
// given a caller-supplied public key and no transparency log: the envelope is
// wrapped in a Sigstore bundle v0.3 whose key hint is the envelope's keyid.
// usage: node verify_bundle.mjs ENVELOPE PUBKEY.pem
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { crypto } from '@sigstore/core';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';

const [envPath, keyPath] = process.argv.slice(2);
const env = JSON.parse(readFileSync(envPath, 'utf8'));
const publicKey = crypto.createPublicKey(readFileSync(keyPath, 'utf8'));
const keyid = crypto.digest('sha256', publicKey.export({ type: 'spki', format: 'der' })).toString('hex');
const bundle = bundleFromJSON({
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  verificationMaterial: { publicKey: { hint: keyid }, tlogEntries: [],
                          timestampVerificationData: { rfc3161Timestamps: [] } },
  dsseEnvelope: env,
});
const trust = toTrustMaterial(
  { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], ctlogs: [],
    certificateAuthorities: [], timestampAuthorities: [] },
  (hint) => {
    if (hint !== keyid) throw new Error(`unknown key ${hint}`);
    return { publicKey, validFor: () => true };
  });
try {
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 })
    .verify(toSignedEntity(bundle));
  console.log(`verified by @sigstore/verify, keyid ${keyid}`);
} catch (e) {
  console.log(`rejected: ${e.message}`);
  process.exit(1);
}
