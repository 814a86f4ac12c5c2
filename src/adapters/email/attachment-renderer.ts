import type { AttachmentRenderer } from '../../app/email/ports';
import type { ChargeRepository } from '../../app/payments/ports';
import type { Clock } from '../../app/shared/ports';
import { businessDateAt } from '../../domain/calendar/dates';
import type { PaymentSettings } from '../../domain/payments/payment-settings';
import { boletoDocumentFor, payerAddressLines, renderBoletoPdf } from '../pdf/boleto-pdf';

/** Attachments rendered at send time from the system of record: the boleto PDF of a charge. */
export function attachmentRenderer(deps: {
  charges: ChargeRepository;
  settings: PaymentSettings;
  clock: Clock;
}): AttachmentRenderer {
  return async (ref) => {
    const charge = await deps.charges.systemGet(ref.chargeId);
    if (!charge) throw new Error(`Cobrança ${ref.chargeId} não encontrada para gerar o boleto anexo.`);
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
