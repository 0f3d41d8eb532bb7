import type { UICustomizationInput } from '../../services/ui-customization/index.ts';
import {
  CLIENT_ID,
  type JsonObject,
  optStr,
  str,
  USER_POOL_ID,
  validationError,
  wrongType,
} from '../../services/validation/index.ts';

/** CSSType and ImageFileType of Cognito's model. */
const CSS_MAX = 131072;
const IMAGE_MAX = 131072;

/** A blob member: base64 in AWS JSON. */
function readBlob(input: JsonObject, key: string, path: string, max: number): Buffer | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    wrongType(path, 'a base64-encoded blob');
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length > max) {
    validationError(undefined, path, `Member must have length less than or equal to ${max}`);
  }
  return bytes;
}

/** The members of SetUICustomization. */
export function uiCustomizationInput(input: JsonObject): UICustomizationInput {
  return {
    userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
    clientId: optStr(input, 'ClientId', { ...CLIENT_ID, sensitive: true }),
    // Not echoed in the error: a stylesheet is too long to quote in a message (or a header).
    css: optStr(input, 'CSS', { min: 0, max: CSS_MAX, sensitive: true }),
    image: readBlob(input, 'ImageFile', 'imageFile', IMAGE_MAX),
  };
}
