import type { UserPool } from '../../../model/user-pool.ts';

/**
 * The sign-in name's label: `Email` or `Phone number` when the pool signs in with that username
 * attribute, else `Username` (accessible names are part of the interface: never change them).
 */
export function usernameLabel(pool: UserPool): string {
  const kinds: string[] = pool.settings.UsernameAttributes ?? [];
  if (kinds.includes('email')) return 'Email';
  if (kinds.includes('phone_number')) return 'Phone number';
  return 'Username';
}

/** The input type and autocomplete hint of the sign-in name's field. */
export function usernameInput(pool: UserPool): {
  type: 'text' | 'email' | 'tel';
  autocomplete: string;
} {
  const label = usernameLabel(pool);
  if (label === 'Email') return { type: 'email', autocomplete: 'username email' };
  if (label === 'Phone number') return { type: 'tel', autocomplete: 'username tel' };
  return { type: 'text', autocomplete: 'username' };
}

const STANDARD_LABELS: Record<string, string> = {
  email: 'Email',
  phone_number: 'Phone number',
  name: 'Name',
  given_name: 'Given name',
  family_name: 'Family name',
  middle_name: 'Middle name',
  nickname: 'Nickname',
  preferred_username: 'Preferred username',
  profile: 'Profile',
  picture: 'Picture',
  website: 'Website',
  gender: 'Gender',
  birthdate: 'Birthdate',
  zoneinfo: 'Time zone',
  locale: 'Locale',
  address: 'Address',
  updated_at: 'Updated at',
};

/** A user attribute's label on the pages (`given_name` → `Given name`, `custom:team` → `Team`). */
export function attributeLabel(name: string): string {
  const standard = STANDARD_LABELS[name];
  if (standard) return standard;
  const bare = name
    .replace(/^custom:/, '')
    .replace(/[_-]+/g, ' ')
    .trim();
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

/** The input type and autocomplete hint of an attribute's field. */
export function attributeInput(name: string): {
  type: 'text' | 'email' | 'tel';
  autocomplete?: string;
} {
  if (name === 'email') return { type: 'email', autocomplete: 'email' };
  if (name === 'phone_number') return { type: 'tel', autocomplete: 'tel' };
  const hints: Record<string, string> = {
    name: 'name',
    given_name: 'given-name',
    family_name: 'family-name',
    nickname: 'nickname',
    birthdate: 'bday',
  };
  return { type: 'text', autocomplete: hints[name] };
}
