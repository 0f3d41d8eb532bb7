import { InvalidParameterException } from '../errors.ts';

/** DomainType in Cognito's model: a prefix, 1 to 63 lower-case letters, digits and hyphens. */
export const PREFIX_PATTERN = '^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$';
const PREFIX = new RegExp(PREFIX_PATTERN);
/** Words Cognito refuses anywhere in a prefix ("Domain cannot contain reserved word: aws"). */
const RESERVED = ['aws', 'amazon', 'cognito'];

/** Checks a prefix domain as Cognito does. */
export function checkPrefix(domain: string): void {
  if (!PREFIX.test(domain)) {
    throw new InvalidParameterException(
      `The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ${PREFIX_PATTERN}`,
    );
  }
  const reserved = RESERVED.find((word) => domain.includes(word));
  if (reserved) {
    throw new InvalidParameterException(`Domain cannot contain reserved word: ${reserved}`);
  }
}

/** A custom domain is a fully qualified host name: two or more labels of the prefix form. */
export function checkCustomHost(domain: string): void {
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((l) => PREFIX.test(l))) {
    throw new InvalidParameterException(
      `The custom domain ${domain} is not a valid fully qualified domain name.`,
    );
  }
}
