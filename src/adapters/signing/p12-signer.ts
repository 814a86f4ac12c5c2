import { Signer, SignPdfError } from '@signpdf/signpdf';
import forge from 'node-forge';

/**
 * @signpdf's P12Signer with one fix: node-forge re-encodes UTF8String values of the issuer name when it
 * writes the signer's issuerAndSerialNumber (they come out double-encoded, e.g. "CobranÃ§as"), so readers
 * (poppler/NSS, Acrobat) cannot match the signer to its certificate and report the signature as invalid
 * whenever the certificate has accents — ours does ("Central de Cobranças — …"), as do many ICP-Brasil ones.
 * Here the issuer is passed decoded, so forge writes the original bytes back. Otherwise identical:
 * adbe.pkcs7.detached, SHA-256, authenticated contentType / signingTime / messageDigest.
 */
export class UnicodeSafeP12Signer extends Signer {
  private readonly p12: forge.util.ByteStringBuffer;

  constructor(
    p12: Uint8Array,
    private readonly passphrase: string,
  ) {
    super();
    this.p12 = forge.util.createBuffer(Buffer.from(p12).toString('binary'));
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(this.p12.copy()), false, this.passphrase);
    const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
    const keyBags =
      p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ??
      [];
    const privateKey = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    if (!privateKey) throw new SignPdfError('P12 sem chave privada.', SignPdfError.TYPE_INPUT);

    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
    let certificate: forge.pki.Certificate | undefined;
    for (const bag of certBags) {
      if (!bag.cert) continue;
      p7.addCertificate(bag.cert);
      const pub = bag.cert.publicKey as forge.pki.rsa.PublicKey;
      if (privateKey.n.compareTo(pub.n) === 0 && privateKey.e.compareTo(pub.e) === 0) certificate = bag.cert;
    }
    if (!certificate) {
      throw new SignPdfError(
        'Nenhum certificado do P12 corresponde à chave privada.',
        SignPdfError.TYPE_INPUT,
      );
    }
    const issuer = certificate.issuer.attributes.map((attr) =>
      (attr.valueTagClass as unknown as number) === forge.asn1.Type.UTF8 && typeof attr.value === 'string'
        ? { ...attr, value: decodeUtf8OrKeep(attr.value) }
        : attr,
    );
    p7.addSigner({
      key: privateKey,
      issuer,
      serialNumber: certificate.serialNumber,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    } as unknown as Parameters<typeof p7.addSigner>[0]);
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

function decodeUtf8OrKeep(value: string): string {
  try {
    return forge.util.decodeUtf8(value);
  } catch {
    return value;
  }
}
