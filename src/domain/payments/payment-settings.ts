/**
 * Who receives the money and through which accounts: configuration (environment, see src/config.ts),
 * never code. Demo values are used outside production.
 */
export interface PaymentSettings {
  beneficiary: {
    /** Razão social printed on boletos and in TED instructions. */
    name: string;
    /** CNPJ, 14 characters, no punctuation. */
    document: string;
    /** One line: street, number, city/UF, CEP. */
    address: string;
  };
  boleto: {
    /** '001' Banco do Brasil or '756' Sicoob. */
    bankCode: '001' | '756';
    /** Agência, 4 digits (no DV). */
    agency: string;
    /** Conta corrente with its DV, digits only (e.g. '123456' + DV). */
    account: string;
    /** BB: convênio of 7 digits. Sicoob: código do beneficiário/cliente (up to 7 digits). */
    convenio: string;
    /** BB: '17'. Sicoob: '1' (simples com registro). */
    carteira: string;
    /** BB: variação da carteira (3 digits, e.g. '019'); Sicoob: modalidade ('01'). */
    variation: string;
  };
  pix: {
    /** The receiving Pix key (CNPJ, e-mail, phone or random key). */
    key: string;
    merchantName: string;
    merchantCity: string;
    /** HMAC-SHA256 secret of the PSP webhook (X-Pix-Signature header); see docs. */
    webhookSecret: string;
  };
  ted: {
    bankCode: string;
    bankName: string;
    agency: string;
    account: string;
  };
  /** Defaults for new charges: multa in basis points (200 = 2%) and juros per month (100 = 1% a.m.). */
  fineBasisPoints: number;
  interestMonthlyBasisPoints: number;
}

export const DEMO_PAYMENT_SETTINGS: PaymentSettings = {
  beneficiary: {
    name: 'HIPER SOFTWARE S.A.',
    document: '11222333000181',
    address: 'Rua XV de Novembro, 1000 — Centro, Blumenau/SC — CEP 89010-001',
  },
  boleto: {
    bankCode: '001',
    agency: '3064',
    account: '00123455',
    convenio: '1234567',
    carteira: '17',
    variation: '019',
  },
  pix: {
    key: '11222333000181',
    merchantName: 'HIPER SOFTWARE SA',
    merchantCity: 'BLUMENAU',
    webhookSecret: 'dev-only-pix-webhook-secret',
  },
  ted: { bankCode: '001', bankName: 'Banco do Brasil S.A.', agency: '3064-2', account: '12345-6' },
  fineBasisPoints: 200,
  interestMonthlyBasisPoints: 100,
};
