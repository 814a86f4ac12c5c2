/** Extratos e TED (staff): OFX import and the queue of credits that matched no charge. */
export function StatementsPanel() {
  return null;
}
