import { describe, expect, it } from 'vitest';
import { priceBookFromJson, priceBookToJson } from './catalog-json';
import { demoPriceBook } from './demo-price-book';

describe('price book JSON', () => {
  it('round-trips: the portal rebuilds exactly the snapshot the server prices with', () => {
    const book = demoPriceBook('b1', '2026-11-01');
    const json = JSON.parse(JSON.stringify(priceBookToJson(book)));
    expect(json.plans[0]).toMatchObject({
      product_code: 'hiper-mini',
      original_cents: 8990,
      setup_fee_cents: 30000,
    });
    expect(priceBookFromJson(json)).toEqual(book);
  });
});
