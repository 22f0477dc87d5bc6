/**
 * Previews of photos: a JPEG of at most 320 pixels a side, turned upright from its EXIF
 * orientation and with no metadata (a phone photo's GPS position stays in the original only).
 * Made with sharp (libvips, shipped as a binary inside its npm package). Decoding the whole image
 * is also the strongest check that an upload which starts like a JPEG really is one. If sharp
 * cannot be loaded on a platform, uploads still work and no preview is made.
 */
import type { Sharp, SharpOptions } from 'sharp';

export const THUMBNAIL_SIZE = 320;
/**
 * Larger images are refused before decoding, so a small file cannot decode into gigabytes. 120
 * million pixels admits the photos of 108-megapixel phone cameras.
 */
export const MAX_IMAGE_PIXELS = 120_000_000;

export class NotAnImageError extends Error {
  constructor(
    message: string,
    /** the image is valid but has more pixels than MAX_IMAGE_PIXELS */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

type SharpFn = (input: Buffer, options?: SharpOptions) => Sharp;
let loaded: Promise<SharpFn | null> | null = null;

function loadSharp(): Promise<SharpFn | null> {
  loaded ??= import('sharp').then(
    (m) => {
      m.default.cache(false);
      return m.default as unknown as SharpFn;
    },
    () => null,
  );
  return loaded;
}

/** Whether previews are made on this platform. */
export async function thumbnailsAvailable(): Promise<boolean> {
  return (await loadSharp()) !== null;
}

/**
 * The preview of an image, or null when sharp is not available. Throws NotAnImageError when the
 * bytes do not decode as an image or it has more than MAX_IMAGE_PIXELS pixels.
 */
export async function makeThumbnail(image: Buffer): Promise<Buffer | null> {
  const sharp = await loadSharp();
  if (!sharp) return null;
  try {
    return await sharp(image, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', pages: 1 })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 78, mozjpeg: true })
      .toBuffer();
  } catch (e) {
    const message = (e as Error).message;
    throw new NotAnImageError(message, /pixel limit/i.test(message));
  }
}
