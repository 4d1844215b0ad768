/** @jsxImportSource hono/jsx */
/**
 * URLs of stored pictures and the `<img>` that serves them: a content-hashed path under
 * `/media/{city id}/`, WebP widths in `srcset` so a phone downloads the width it shows,
 * and width/height so the page does not jump while the picture loads.
 */
import type { MediaImage } from './store.js';

/** `/media/{city id}/{hash}-{name}`: a new picture is a new hash, so the URL never changes meaning. */
export const mediaPath = (cityId: string, hash: string, name: string): string => `/media/${cityId}/${hash}-${name}`;

const heightAt = (image: MediaImage, width: number) => Math.max(1, Math.round((image.height * width) / image.width));

/** The WebP file of this width (one of `image.widths`). */
export const webpPath = (cityId: string, image: MediaImage, width: number): string => mediaPath(cityId, image.hash, `${width}.webp`);

/** The JPEG preview: Open Graph and schema.org, read by crawlers that may not know WebP. */
export function jpegPreview(cityId: string, image: MediaImage): { path: string; width: number; height: number; type: 'image/jpeg' } {
  return { path: mediaPath(cityId, image.hash, `${image.jpegWidth}.jpg`), width: image.jpegWidth, height: heightAt(image, image.jpegWidth), type: 'image/jpeg' };
}

/** `src` (the smallest width at least `preferred`), `srcset` and the size of `src`. */
export function imageSources(cityId: string, image: MediaImage, preferred = 640): { src: string; srcset: string; width: number; height: number } {
  const widths = image.widths.length > 0 ? image.widths : [image.width];
  const width = widths.find((w) => w >= preferred) ?? widths[widths.length - 1]!;
  return { src: webpPath(cityId, image, width), srcset: widths.map((w) => `${webpPath(cityId, image, w)} ${w}w`).join(', '), width, height: heightAt(image, width) };
}

export interface ResponsiveImageProps {
  cityId: string;
  image: MediaImage;
  /** What the picture shows; '' when it only decorates (a thumbnail beside its own title). */
  alt: string;
  /** How wide it is shown, as in the `sizes` attribute ("(min-width: 48rem) 44rem, 100vw"). */
  sizes: string;
  /** 'lazy' below the fold; the first picture a visitor sees loads at once. */
  loading: 'lazy' | 'eager';
  /** The page's main picture (its largest paint) asks for priority. */
  priority?: boolean;
  class?: string;
  /** The width `src` should have for browsers without `srcset` support. */
  preferred?: number;
}

export function ResponsiveImage(p: ResponsiveImageProps) {
  const s = imageSources(p.cityId, p.image, p.preferred);
  return <img class={p.class} src={s.src} srcset={s.srcset} sizes={p.sizes} width={s.width} height={s.height} alt={p.alt} loading={p.loading} decoding="async" fetchpriority={p.priority ? 'high' : undefined} />;
}
