// The v6 nextStep mapping and confirmSignIn's checks that need no server: MFA names, TOTP setup
// URIs, an unknown challenge, answers that cannot be sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Amplify, confirmSignIn } from '../src/index.ts';
import { getState } from '../src/internal/state.ts';
import { CognitoUser, poolRef } from '../src/internal/user.ts';
import { mfaTypes, signInOutput, totpSetupDetails } from '../src/v6/next-step.ts';

function pendingUser(challengeName: string, challengeParam: Record<string, unknown> = {}) {
  const user = new CognitoUser('ada', poolRef('us-east-1_Pool', 'client'));
  user.challengeName = challengeName;
  user.challengeParam = challengeParam;
  user.Session = 'session';
  return user;
}

describe('v6 next steps', () => {
  test("Cognito's MFA names become v6's, unknown ones are left out", () => {
    assert.deepEqual(mfaTypes('["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP","VOICE"]'), [
      'SMS',
      'TOTP',
      'EMAIL',
    ]);
    assert.deepEqual(mfaTypes(undefined), []);
  });

  test('getSetupUri: the otpauth URI authenticator apps read', () => {
    const details = totpSetupDetails('JBSWY3DPEHPK3PXP', 'ada');
    assert.equal(details.sharedSecret, 'JBSWY3DPEHPK3PXP');
    assert.equal(
      details.getSetupUri('MyApp').href,
      'otpauth://totp/MyApp:ada?secret=JBSWY3DPEHPK3PXP&issuer=MyApp',
    );
    assert.equal(
      details.getSetupUri('MyApp', 'ada@example.com').href,
      'otpauth://totp/MyApp:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=MyApp',
    );
  });

  test('each challenge maps to its step; an unknown one is a SignInException', async () => {
    assert.deepEqual(await signInOutput(pendingUser('SOFTWARE_TOKEN_MFA')), {
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' },
    });
    assert.deepEqual(
      await signInOutput(
        pendingUser('EMAIL_OTP', {
          CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
          CODE_DELIVERY_DESTINATION: 'a***@e***',
        }),
      ),
      {
        isSignedIn: false,
        nextStep: {
          signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
          codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'a***@e***' },
        },
      },
    );
    assert.deepEqual(
      await signInOutput(pendingUser('MFA_SETUP', { MFAS_CAN_SETUP: '["EMAIL_OTP"]' })),
      { isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' } },
    );
    await assert.rejects(
      signInOutput(pendingUser('MFA_SETUP', { MFAS_CAN_SETUP: '["SMS_MFA"]' })),
      {
        name: 'SignInException',
        message: 'Cannot initiate MFA setup from available types: SMS',
      },
    );
    await assert.rejects(signInOutput(pendingUser('WEB_AUTHN')), { name: 'SignInException' });
    assert.equal(getState().signInUser, null, 'nothing is left pending after an unknown step');
  });

  test('confirmSignIn refuses what it cannot send, without a request', async () => {
    Amplify.configure({
      Auth: { Cognito: { userPoolId: 'us-east-1_Pool', userPoolClientId: 'client' } },
    });
    getState().signInUser = null;
    await assert.rejects(confirmSignIn({ challengeResponse: '123456' }), {
      name: 'SignInException',
    });
    getState().signInUser = pendingUser('SELECT_MFA_TYPE');
    await assert.rejects(confirmSignIn({ challengeResponse: '' }), {
      name: 'EmptyChallengeResponse',
      message: 'challengeResponse is required to confirmSignIn',
    });
    await assert.rejects(confirmSignIn({ challengeResponse: 'SMS_MFA' }), {
      name: 'IncorrectMFAMethod',
      message: 'Incorrect MFA method was chosen. It should be either SMS, TOTP, or EMAIL',
    });
    getState().signInUser = pendingUser('MFA_SETUP', { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' });
    await assert.rejects(confirmSignIn({ challengeResponse: 'a passkey' }), {
      name: 'SignInException',
      message: 'Cannot proceed with MFA setup using challengeResponse: a passkey',
    });
    getState().signInUser = null;
  });
});
