import type { Operation } from '../operation.ts';
import addCustomAttributes from './addCustomAttributes.ts';
import adminConfirmSignUp from './adminConfirmSignUp.ts';
import adminCreateUser from './adminCreateUser.ts';
import adminDeleteUser from './adminDeleteUser.ts';
import adminGetUser from './adminGetUser.ts';
import adminInitiateAuth from './adminInitiateAuth.ts';
import adminRespondToAuthChallenge from './adminRespondToAuthChallenge.ts';
import adminSetUserPassword from './adminSetUserPassword.ts';
import changePassword from './changePassword.ts';
import cognateRotateSigningKey from './cognateRotateSigningKey.ts';
import confirmForgotPassword from './confirmForgotPassword.ts';
import confirmSignUp from './confirmSignUp.ts';
import createUserPool from './createUserPool.ts';
import createUserPoolClient from './createUserPoolClient.ts';
import deleteUser from './deleteUser.ts';
import deleteUserAttributes from './deleteUserAttributes.ts';
import deleteUserPool from './deleteUserPool.ts';
import deleteUserPoolClient from './deleteUserPoolClient.ts';
import describeUserPool from './describeUserPool.ts';
import describeUserPoolClient from './describeUserPoolClient.ts';
import forgotPassword from './forgotPassword.ts';
import getTokensFromRefreshToken from './getTokensFromRefreshToken.ts';
import getUser from './getUser.ts';
import getUserAttributeVerificationCode from './getUserAttributeVerificationCode.ts';
import globalSignOut from './globalSignOut.ts';
import initiateAuth from './initiateAuth.ts';
import listUserPoolClients from './listUserPoolClients.ts';
import listUserPools from './listUserPools.ts';
import resendConfirmationCode from './resendConfirmationCode.ts';
import respondToAuthChallenge from './respondToAuthChallenge.ts';
import revokeToken from './revokeToken.ts';
import signUp from './signUp.ts';
import updateUserAttributes from './updateUserAttributes.ts';
import updateUserPool from './updateUserPool.ts';
import updateUserPoolClient from './updateUserPoolClient.ts';
import verifyUserAttribute from './verifyUserAttribute.ts';

/**
 * Every Cognito Identity Provider operation this server speaks: the compatibility matrix. Names
 * starting with `Cognate` are Cognate's own extensions.
 */
// biome-ignore lint/suspicious/noExplicitAny: each entry has its own request and response types.
export const operations: Operation<any, any>[] = [
  addCustomAttributes,
  adminConfirmSignUp,
  adminCreateUser,
  adminDeleteUser,
  adminGetUser,
  adminInitiateAuth,
  adminRespondToAuthChallenge,
  adminSetUserPassword,
  changePassword,
  cognateRotateSigningKey,
  confirmForgotPassword,
  confirmSignUp,
  createUserPool,
  createUserPoolClient,
  deleteUser,
  deleteUserAttributes,
  deleteUserPool,
  deleteUserPoolClient,
  describeUserPool,
  describeUserPoolClient,
  forgotPassword,
  getTokensFromRefreshToken,
  getUser,
  getUserAttributeVerificationCode,
  globalSignOut,
  initiateAuth,
  listUserPoolClients,
  listUserPools,
  resendConfirmationCode,
  respondToAuthChallenge,
  revokeToken,
  signUp,
  updateUserAttributes,
  updateUserPool,
  updateUserPoolClient,
  verifyUserAttribute,
];
