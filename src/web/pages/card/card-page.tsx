/** Public: the client registers its credit card from the e-mailed link (no portal session). */
export function CardPage() {
  return null;
}
