// The standard attributes as the Amplify CLI lists them (its `coreAttributes` and
// `appClientReadAttributes` maps), so each question shows "Email", "Given Name", "Updated At".

/** Standard attribute → the name Amplify shows, in Amplify's order. */
export const STANDARD_ATTRIBUTES = {
  address: 'Address',
  birthdate: 'Birthdate',
  email: 'Email',
  family_name: 'Family Name',
  middle_name: 'Middle Name',
  gender: 'Gender',
  locale: 'Locale',
  given_name: 'Given Name',
  name: 'Name',
  nickname: 'Nickname',
  phone_number: 'Phone Number',
  preferred_username: 'Preferred Username',
  picture: 'Picture',
  profile: 'Profile',
  updated_at: 'Updated At',
  website: 'Website',
  zoneinfo: 'Zone Info',
} as const;

/** A standard attribute's name. */
export type StandardAttribute = keyof typeof STANDARD_ATTRIBUTES;

/** What an app may read beyond the standard attributes: the verification flags. */
export const READ_ONLY_ATTRIBUTES = {
  email_verified: 'Email Verified?',
  phone_number_verified: 'Phone Number Verified?',
} as const;

/** The standard attributes' names. */
export const STANDARD_NAMES = Object.keys(STANDARD_ATTRIBUTES) as StandardAttribute[];

/** Cognito's rule for a custom attribute's name (without `custom:`): 1 to 20 letters, digits, _ or -. */
export const CUSTOM_NAME = /^[\w-]{1,20}$/;

/**
 * The name shown for an attribute a client may read or write: Amplify's for a standard one,
 * `custom:<name>` for a custom one.
 */
export function attributeLabel(name: string): string {
  return (
    (STANDARD_ATTRIBUTES as Record<string, string>)[name] ??
    (READ_ONLY_ATTRIBUTES as Record<string, string>)[name] ??
    name
  );
}
