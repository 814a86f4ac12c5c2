export * from './banks/banco-do-brasil';
export * from './banks/sicoob';
export * from './barcode';
export * from './boleto-error';
export * from './build-boleto';
export * from './check-digits';
export * from './due-date-factor';
