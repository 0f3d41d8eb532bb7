import { InvalidParameterException } from '../errors.ts';

/** Media types of the logo Cognito accepts, with their file extensions. */
export const IMAGE_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/** The logo's type from its first bytes (never from anything the caller says about it). */
export function imageTypeOf(bytes: Buffer): ImageType {
  if (bytes.subarray(0, PNG.length).equals(PNG)) return 'image/png';
  if (bytes.subarray(0, JPEG.length).equals(JPEG)) return 'image/jpeg';
  throw new InvalidParameterException('The image file must be a PNG or JPEG image.');
}
