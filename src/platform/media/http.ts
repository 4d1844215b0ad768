/**
 * `/media/{city id}/{hash}-{name}`: stored pictures, from our own host. A URL names one
 * file forever (its hash is the upload's), so browsers and proxies keep it a year
 * without asking again. And `POST /api/v1/cities/{city}/media`: an upload through the API.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authorize } from '../auth/roles.js';
import { DomainError } from '../errors.js';
import type { TorgetApp } from '../http/app.js';
import { errorResponses, ProblemSchema } from '../http/openapi.js';
import type { AppEnv } from '../http/types.js';
import { MAX_IMAGE_BYTES } from './image.js';
import { type MediaImage, type MediaStore } from './store.js';
import { imageSources, jpegPreview } from './ui.js';

/** The body limit for routes that take an image: the image and a form's other fields. */
export const MEDIA_BODY_LIMIT = MAX_IMAGE_BYTES + 256 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FILE = /^([0-9a-f]{32})-(\d{1,5}\.(?:webp|jpg))$/;

export function mountMediaFiles(app: TorgetApp, deps: { media: MediaStore }): void {
  // A shared cache must not store (or refuse to store) a picture because of the CSRF cookie
  // the platform sets on a first visit: pictures carry no cookies.
  app.use('/media/*', async (c, next) => {
    await next();
    c.res.headers.delete('Set-Cookie');
  });
  app.get('/media/:city/:file', async (c) => {
    const cityId = c.req.param('city');
    const m = FILE.exec(c.req.param('file'));
    const file = UUID.test(cityId) && m ? await deps.media.file(cityId, m[1]!, m[2]!) : null;
    if (!file) throw new DomainError('not_found', c.get('locale') === 'en' ? 'There is no such image.' : 'Bilden finns inte.');
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      ETag: `"${m![1]}-${m![2]}"`,
    };
    if (c.req.header('if-none-match') === headers.ETag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(file.data), 200, { ...headers, 'Content-Length': String(file.data.length) });
  });
}

const MediaUpload = z
  .object({
    hash: z.string().openapi({ description: 'The first 128 bits of the upload’s SHA-256, hex: attach the picture by this.', example: '3db7792a00b42420f5c4aeb2449dc70c' }),
    width: z.number().int(),
    height: z.number().int(),
    widths: z.array(z.number().int()).openapi({ description: 'WebP widths stored' }),
    url: z.string().openapi({ description: 'A 640 px (or smaller) WebP' }),
    srcset: z.string(),
    jpeg: z.string().openapi({ description: 'A JPEG preview (link previews)' }),
  })
  .openapi('MediaUpload');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const binary = { schema: z.string().openapi({ format: 'binary' }) };

export function toMediaUpload(cityId: string, image: MediaImage): z.infer<typeof MediaUpload> {
  const sources = imageSources(cityId, image);
  return { hash: image.hash, width: image.width, height: image.height, widths: image.widths, url: sources.src, srcset: sources.srcset, jpeg: jpegPreview(cityId, image).path };
}

/** The upload route. `cityOf` gives the city the city middleware resolved (platform code knows no city module). */
export function mountMediaApi(app: TorgetApp, deps: { media: MediaStore; cityOf: (c: Context<AppEnv>) => { id: string } }): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cities/{city}/media',
      tags: ['Media'],
      summary: 'Upload an image',
      description:
        'Association admins. The body is the image itself (`Content-Type: image/jpeg`, `image/png` or `image/webp`, at most 10 MB and 50 megapixels). The format is read from the content; SVG, GIF, HEIC, animated and corrupt files are refused. The picture is turned upright, stripped of all metadata (EXIF, GPS, XMP) and stored as WebP widths and a JPEG preview, served at the returned URLs. The same file again answers the same `hash`.',
      security: [{ apiKey: [] }],
      request: { params: z.object({ city: z.string().openapi({ example: 'demo' }) }), body: { required: true, content: { 'image/jpeg': binary, 'image/png': binary, 'image/webp': binary } } },
      responses: {
        201: { description: 'Stored (or already stored)', content: { 'application/json': { schema: MediaUpload } } },
        ...errorResponses,
        413: problem('Larger than 10 MB (`payload_too_large`, `media.too_large`)'),
        415: problem('Not a JPEG, PNG or WebP (`media.unsupported_type`)'),
        422: problem('Too many pixels, animated, or unreadable (`media.too_many_pixels`, `media.animated`, `media.unreadable`)'),
      },
    }),
    async (c) => {
      const city = deps.cityOf(c as unknown as Context<AppEnv>);
      // Who may upload is decided before a byte of the body is read.
      authorize(c.get('actor'), { cityId: city.id, roles: ['association-admin'] });
      if (!/^image\/(jpeg|png|webp)\s*(;|$)/i.test(c.req.header('content-type') ?? '')) throw new DomainError('media.unsupported_type', 'Skicka bilden som kroppen med Content-Type: image/jpeg, image/png eller image/webp.');
      const stored = await deps.media.upload(c.get('actor'), city.id, new Uint8Array(await c.req.arrayBuffer()));
      return c.json(toMediaUpload(city.id, stored), 201);
    },
  );
}
