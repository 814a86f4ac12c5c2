/** Arquivos bancários (staff): CNAB 240 remessas to download, retornos to import with progress. */
export function BankFilesPanel() {
  return null;
}
