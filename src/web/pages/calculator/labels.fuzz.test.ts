import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, fuzzOptions } from '../../../test-support/fuzz';
import { maskCep, maskDocument, maskPhone } from './labels';

// The calculator's input masks (CPF/CNPJ, CEP, phone) under arbitrary typing and pasting: they never throw,
// keep only the mask's characters, and applying them again changes nothing.

const typing = fc.oneof(anyText, fc.stringMatching(/^[0-9A-Za-z()./\- ]{0,25}$/));

describe('web input masks under arbitrary input (fast-check)', () => {
  it('maskDocument, maskCep and maskPhone: well-formed and stable for any text', () => {
    fc.assert(
      fc.property(typing, (text) => {
        const doc = maskDocument(text);
        expect(doc).toMatch(/^[0-9A-Z./-]{0,18}$/);
        expect(maskDocument(doc)).toBe(doc);
        const cep = maskCep(text);
        expect(cep).toMatch(/^(\d{0,5}|\d{5}-\d{1,3})$/);
        expect(maskCep(cep)).toBe(cep);
        const phone = maskPhone(text);
        expect(phone).toMatch(/^(\(\d{0,2}|\(\d{2}\) \d{0,5}(-\d{1,4})?)?$/);
        expect(maskPhone(phone)).toBe(phone);
        // the digits typed survive the mask, in order, up to its size
        expect(phone.replace(/\D/g, '')).toBe(text.replace(/\D/g, '').slice(0, 11));
        expect(cep.replace(/\D/g, '')).toBe(text.replace(/\D/g, '').slice(0, 8));
      }),
      fuzzOptions(2000),
    );
  });
});
