import type { ProblemCatalogue } from '../errors.js';

export const mediaProblems = {
  'media.too_large': { status: 413, title: 'Bilden är för stor', titleEn: 'Image too large', description: 'An uploaded image may be at most 10 MB (`maxBytes`). Nothing was stored.' },
  'media.unsupported_type': { status: 415, title: 'Filtypen tas inte emot', titleEn: 'Unsupported image type', description: 'Only JPEG, PNG and WebP photos are accepted, recognised by their content (not their name or Content-Type). SVG, GIF, HEIC and everything else is refused. Nothing was stored.' },
  'media.too_many_pixels': { status: 422, title: 'Bilden har för många pixlar', titleEn: 'Too many pixels', description: 'An image may have at most 50 megapixels (`maxPixels`), read from its header before anything is decoded. Nothing was stored.' },
  'media.animated': { status: 422, title: 'Animerade bilder tas inte emot', titleEn: 'Animated images refused', description: 'An image with more than one frame (an animated WebP) is refused. Send a still image. Nothing was stored.' },
  'media.unreadable': { status: 422, title: 'Bilden gick inte att läsa', titleEn: 'Unreadable image', description: 'The file looks like an image but could not be decoded: it is truncated, corrupt or empty. Nothing was stored.' },
  'media.not_found': { status: 404, title: 'Bilden finns inte', titleEn: 'Image not found', description: 'No image with this hash was uploaded in this city.' },
} as const satisfies ProblemCatalogue;
