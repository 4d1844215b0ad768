/**
 * The media store's public face: uploads decoded and re-encoded with sharp, kept in the
 * database per city and content hash, served from `/media/…` with year-long caching.
 */
export { createMediaStore, isMediaHash, type MediaImage, type MediaStore } from './store.js';
export { prepareImage, sniffImageFormat, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, IMAGE_WIDTHS, PREVIEW_JPEG_WIDTH, type PreparedImage, type ImageVariant } from './image.js';
export { mediaProblems } from './errors.js';
export { mountMediaFiles, mountMediaApi, toMediaUpload, MEDIA_BODY_LIMIT } from './http.js';
export { mediaPath, webpPath, jpegPreview, imageSources, ResponsiveImage, type ResponsiveImageProps } from './ui.js';
