/** Execuções de cobrança (staff): each daily run with progress, counts and errors; run again for a date. */
export function BillingRunsPage() {
  return null;
}
