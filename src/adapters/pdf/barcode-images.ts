import { toBuffer } from 'bwip-js/node';
import QRCode from 'qrcode';

/** PNG images of the machine-readable codes printed on documents (boleto barcode, Pix QR code). */

export interface BarcodeImage {
  png: Uint8Array;
  /** Width of the image in modules (narrow bars), quiet zones included. */
  modules: number;
}

/** Pixels per narrow module in the PNG: the PDF scales the image down to its printed size. */
const I25_PIXELS_PER_MODULE = 4;
/** Quiet zone on each side, in narrow modules (ITF asks for at least 10). */
export const I25_QUIET_ZONE_MODULES = 10;

/**
 * Interleaved 2 of 5 of an even number of digits (the boleto's 44), drawn by bwip-js with a white
 * background and quiet zones; no human-readable text (the linha digitável is printed above it).
 */
export async function interleaved2of5Png(digits: string): Promise<BarcodeImage> {
  if (!/^\d+$/.test(digits) || digits.length % 2 !== 0) {
    throw new Error('O código de barras Interleaved 2 of 5 precisa de um número par de dígitos.');
  }
  const png = await toBuffer({
    bcid: 'interleaved2of5',
    text: digits,
    scaleX: I25_PIXELS_PER_MODULE,
    scaleY: 1,
    height: 13,
    paddingwidth: I25_QUIET_ZONE_MODULES,
    paddingheight: 0,
    backgroundcolor: 'FFFFFF',
    includetext: false,
  });
  const width = png.readUInt32BE(16); // IHDR width
  return { png: new Uint8Array(png), modules: width / I25_PIXELS_PER_MODULE };
}

/** A QR code (error correction M, 4-module quiet zone) as PNG, `modules` wide including the quiet zone. */
export async function qrCodePng(text: string): Promise<BarcodeImage> {
  const margin = 4;
  const symbol = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const png = await QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin,
    scale: 8,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
  return { png: new Uint8Array(png), modules: symbol.modules.size + 2 * margin };
}
