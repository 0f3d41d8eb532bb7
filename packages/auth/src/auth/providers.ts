// Kept apart from federatedSignIn so an app can name a provider without bundling the hosted UI.

/** Identity providers the hosted UI knows by name (Amplify's CognitoHostedUIIdentityProvider). */
export const CognitoHostedUIIdentityProvider = {
  Cognito: 'COGNITO',
  Google: 'Google',
  Facebook: 'Facebook',
  Amazon: 'LoginWithAmazon',
  Apple: 'SignInWithApple',
} as const;
