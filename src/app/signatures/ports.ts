/** What the signature ceremony needs from the outside world. */

export interface CompletionEvent {
  /** 'link_sent' | 'viewed' | 'code_sent' | 'code_accepted' | 'signed' … (signature_events.type) */
  type: string;
  /** Portuguese label for the certificate page, e.g. "Código confirmado". */
  label: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Everything the completion certificate page shows. */
export interface CompletionEvidence {
  contractId: string;
  contractNumber: string;
  contractVersion: number;
  clientLegalName: string;
  clientDocument: string;
  signerName: string;
  signerCpf: string;
  signerEmail: string;
  /** SHA-256 (hex) of the exact PDF the signer was shown. */
  originalSha256: string;
  signedAt: Date;
  events: CompletionEvent[];
  /** Where anyone can check the document, e.g. http://localhost:3000/verificar */
  verifyUrl: string;
}

/**
 * Turns the issued contract PDF into the signed one: original pages + a completion certificate page +
 * a PDF digital signature (PAdES) by the platform's certificate, so any PDF reader can check it was not
 * altered. Implemented in src/adapters/pdf/pdf-sealer.ts.
 */
export interface DocumentSealer {
  seal(originalPdf: Uint8Array, evidence: CompletionEvidence): Promise<Uint8Array>;
}
