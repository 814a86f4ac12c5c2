/** A client's installments (parcelas), liberado até, staff "liberar até" and cancellation. */
export function ClientInstallmentsPanel(_props: { clientId: string }) {
  return null;
}
