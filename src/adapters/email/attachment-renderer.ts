import { type AttachmentRenderer, pixQrContentId } from '../../app/email/ports';
import type { ChargeRepository } from '../../app/payments/ports';
import type { Clock } from '../../app/shared/ports';
import { businessDateAt } from '../../domain/calendar/dates';
import type { PaymentSettings } from '../../domain/payments/payment-settings';
import { qrCodePng } from '../pdf/barcode-images';
import { boletoDocumentFor, payerAddressLines, renderBoletoPdf } from '../pdf/boleto-pdf';

/** The Pix QR code of a payload as PNG: error correction M, 4-module quiet zone, 8 px per module. */
export async function pixQrPng(payload: string): Promise<Uint8Array> {
  return (await qrCodePng(payload)).png;
}

/**
 * Attachments rendered at send time from the system of record: the boleto PDF of a charge, and its Pix QR
 * code as an inline PNG (Content-ID pixQrContentId(charge id), which the e-mail's HTML shows).
 */
export function attachmentRenderer(deps: {
  charges: ChargeRepository;
  settings: PaymentSettings;
  clock: Clock;
}): AttachmentRenderer {
  return async (ref) => {
    const charge = await deps.charges.systemGet(ref.chargeId);
    if (!charge) throw new Error(`Cobrança ${ref.chargeId} não encontrada para gerar o anexo do e-mail.`);
    if (ref.kind === 'pix-qr') {
      if (!charge.pixPayload)
        throw new Error(`A cobrança ${charge.number} não tem Pix para o QR Code do e-mail.`);
      return {
        filename: `pix-${charge.number}.png`,
        contentType: 'image/png',
        content: await pixQrPng(charge.pixPayload),
        contentId: pixQrContentId(charge.id),
      };
    }
    const pdf = await renderBoletoPdf(
      boletoDocumentFor({
        charge,
        payerAddressLines: payerAddressLines(charge.clientAddress),
        settings: deps.settings,
        processingDate: businessDateAt(deps.clock.now()),
      }),
    );
    return { filename: `boleto-${charge.number}.pdf`, contentType: 'application/pdf', content: pdf };
  };
}
