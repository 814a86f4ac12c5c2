import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import type { Config } from '../../config';

/**
 * The platform's signing certificate (a PKCS#12 file with the private key and its certificate) used to
 * seal the signed contracts. Production configures SIGNING_P12_PATH (+ SIGNING_P12_PASSWORD); without it
 * the embedded (dev) mode generates a self-signed certificate once and keeps it in <DATA_DIR>/signing.
 */

export const SELF_SIGNED_COMMON_NAME = 'Central de Cobranças — assinatura de documentos';

export interface SigningCertificate {
  p12: Uint8Array;
  password: string;
  /** DER of the signing certificate: found verbatim inside every PKCS#7 signature we make. */
  certificateDer: Uint8Array;
  /** Common name of the certificate subject, e.g. for the signature's "name". */
  commonName: string;
  /** Where it came from: 'configurado' (SIGNING_P12_PATH), 'arquivo' (generated in DATA_DIR) or 'memoria'. */
  source: 'configurado' | 'arquivo' | 'memoria';
}

/** A new self-signed RSA 2048 certificate (10 years) as a password-protected P12. */
export function generateSelfSignedP12(password: string, now = new Date()): Uint8Array {
  // Node's native generator: node-forge's pure JavaScript one takes seconds for 2048 bits.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const pub = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  cert.validity.notAfter = notAfter;
  const attrs = [
    { shortName: 'CN', value: SELF_SIGNED_COMMON_NAME, valueTagClass: 12 },
    { shortName: 'O', value: 'Central de Cobranças', valueTagClass: 12 },
    { shortName: 'C', value: 'BR' },
  ] as forge.pki.CertificateField[];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, {
    algorithm: '3des',
    friendlyName: 'central-de-cobrancas',
  });
  return Uint8Array.from(Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
}

/** Opens a P12: its certificate (DER) and subject CN; throws with a Portuguese message when it cannot. */
export function readP12(
  p12: Uint8Array,
  password: string,
): { certificateDer: Uint8Array; commonName: string } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    throw new Error(`Não foi possível abrir o certificado de assinatura (.p12): ${(err as Error).message}`);
  }
  const bags = parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const keyBags =
    parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ??
    [];
  const cert = bags.find((b) => b.cert)?.cert;
  if (!cert || keyBags.length === 0) {
    throw new Error('O certificado de assinatura (.p12) precisa conter a chave privada e o certificado.');
  }
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const cn = cert.subject.getField('CN')?.value as string | undefined;
  let commonName = cn ?? 'Central de Cobranças';
  try {
    commonName = forge.util.decodeUtf8(commonName);
  } catch {
    // not UTF-8 encoded: keep as is
  }
  return { certificateDer: Uint8Array.from(Buffer.from(der, 'binary')), commonName };
}

function fromP12(
  p12: Uint8Array,
  password: string,
  source: SigningCertificate['source'],
): SigningCertificate {
  return { p12, password, ...readP12(p12, password), source };
}

let inMemory: SigningCertificate | null = null;

/** One generated certificate per process (tests and PostgreSQL without SIGNING_P12_PATH). */
function memoryCertificate(): SigningCertificate {
  if (!inMemory) {
    const password = randomBytes(24).toString('base64url');
    inMemory = fromP12(generateSelfSignedP12(password), password, 'memoria');
  }
  return inMemory;
}

export const MEMORY_CERTIFICATE_WARNING =
  'SIGNING_P12_PATH não configurado: os contratos são assinados com um certificado autoassinado gerado na memória, que muda a cada início. Configure o certificado (.p12) da empresa em produção.';

/** The certificate for this configuration (see the module comment). */
export function loadSigningCertificate(
  config: Pick<Config, 'env' | 'databaseUrl' | 'dataDir' | 'signingP12Path' | 'signingP12Password'>,
): SigningCertificate {
  if (config.signingP12Path) {
    return fromP12(readFileSync(config.signingP12Path), config.signingP12Password ?? '', 'configurado');
  }
  if (config.env === 'test') return memoryCertificate();
  // On PostgreSQL without SIGNING_P12_PATH (never in production: loadConfig refuses): see MEMORY_CERTIFICATE_WARNING.
  if (config.databaseUrl) return memoryCertificate();
  const dir = join(config.dataDir, 'signing');
  const p12Path = join(dir, 'platform.p12');
  const passwordPath = join(dir, 'platform.p12.password');
  if (existsSync(p12Path) && existsSync(passwordPath)) {
    return fromP12(readFileSync(p12Path), readFileSync(passwordPath, 'utf8').trim(), 'arquivo');
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  const p12 = generateSelfSignedP12(password);
  writeFileSync(passwordPath, `${password}\n`, { mode: 0o600 });
  writeFileSync(p12Path, p12, { mode: 0o600 });
  chmodSync(passwordPath, 0o600);
  chmodSync(p12Path, 0o600);
  return fromP12(p12, password, 'arquivo');
}

/** SHA-256 (hex) of the certificate, for logs and diagnostics. */
export function certificateFingerprint(cert: SigningCertificate): string {
  return createHash('sha256').update(cert.certificateDer).digest('hex');
}
