import type { Operation } from '../operation.ts';
import addCustomAttributes from './addCustomAttributes.ts';
import adminAddUserToGroup from './adminAddUserToGroup.ts';
import adminConfirmSignUp from './adminConfirmSignUp.ts';
import adminCreateUser from './adminCreateUser.ts';
import adminDeleteUser from './adminDeleteUser.ts';
import adminDeleteUserAttributes from './adminDeleteUserAttributes.ts';
import adminDisableProviderForUser from './adminDisableProviderForUser.ts';
import adminDisableUser from './adminDisableUser.ts';
import adminEnableUser from './adminEnableUser.ts';
import adminForgetDevice from './adminForgetDevice.ts';
import adminGetDevice from './adminGetDevice.ts';
import adminGetUser from './adminGetUser.ts';
import adminInitiateAuth from './adminInitiateAuth.ts';
import adminLinkProviderForUser from './adminLinkProviderForUser.ts';
import adminListDevices from './adminListDevices.ts';
import adminListGroupsForUser from './adminListGroupsForUser.ts';
import adminListUserAuthEvents from './adminListUserAuthEvents.ts';
import adminRemoveUserFromGroup from './adminRemoveUserFromGroup.ts';
import adminResetUserPassword from './adminResetUserPassword.ts';
import adminRespondToAuthChallenge from './adminRespondToAuthChallenge.ts';
import adminSetUserMFAPreference from './adminSetUserMFAPreference.ts';
import adminSetUserPassword from './adminSetUserPassword.ts';
import adminSetUserSettings from './adminSetUserSettings.ts';
import adminUpdateDeviceStatus from './adminUpdateDeviceStatus.ts';
import adminUpdateUserAttributes from './adminUpdateUserAttributes.ts';
import adminUserGlobalSignOut from './adminUserGlobalSignOut.ts';
import associateSoftwareToken from './associateSoftwareToken.ts';
import changePassword from './changePassword.ts';
import cognateExportUserPool from './cognateExportUserPool.ts';
import cognateImportUserPool from './cognateImportUserPool.ts';
import cognateListAuditEvents from './cognateListAuditEvents.ts';
import cognateRotateSigningKey from './cognateRotateSigningKey.ts';
import confirmDevice from './confirmDevice.ts';
import confirmForgotPassword from './confirmForgotPassword.ts';
import confirmSignUp from './confirmSignUp.ts';
import createGroup from './createGroup.ts';
import createIdentityProvider from './createIdentityProvider.ts';
import createResourceServer from './createResourceServer.ts';
import createUserImportJob from './createUserImportJob.ts';
import createUserPool from './createUserPool.ts';
import createUserPoolClient from './createUserPoolClient.ts';
import createUserPoolDomain from './createUserPoolDomain.ts';
import deleteGroup from './deleteGroup.ts';
import deleteIdentityProvider from './deleteIdentityProvider.ts';
import deleteResourceServer from './deleteResourceServer.ts';
import deleteUser from './deleteUser.ts';
import deleteUserAttributes from './deleteUserAttributes.ts';
import deleteUserPool from './deleteUserPool.ts';
import deleteUserPoolClient from './deleteUserPoolClient.ts';
import deleteUserPoolDomain from './deleteUserPoolDomain.ts';
import describeIdentityProvider from './describeIdentityProvider.ts';
import describeResourceServer from './describeResourceServer.ts';
import describeUserImportJob from './describeUserImportJob.ts';
import describeUserPool from './describeUserPool.ts';
import describeUserPoolClient from './describeUserPoolClient.ts';
import describeUserPoolDomain from './describeUserPoolDomain.ts';
import forgetDevice from './forgetDevice.ts';
import forgotPassword from './forgotPassword.ts';
import getCSVHeader from './getCSVHeader.ts';
import getDevice from './getDevice.ts';
import getGroup from './getGroup.ts';
import getIdentityProviderByIdentifier from './getIdentityProviderByIdentifier.ts';
import getTokensFromRefreshToken from './getTokensFromRefreshToken.ts';
import getUICustomization from './getUICustomization.ts';
import getUser from './getUser.ts';
import getUserAttributeVerificationCode from './getUserAttributeVerificationCode.ts';
import getUserPoolMfaConfig from './getUserPoolMfaConfig.ts';
import globalSignOut from './globalSignOut.ts';
import initiateAuth from './initiateAuth.ts';
import listDevices from './listDevices.ts';
import listGroups from './listGroups.ts';
import listIdentityProviders from './listIdentityProviders.ts';
import listResourceServers from './listResourceServers.ts';
import listUserImportJobs from './listUserImportJobs.ts';
import listUserPoolClients from './listUserPoolClients.ts';
import listUserPools from './listUserPools.ts';
import listUsers from './listUsers.ts';
import listUsersInGroup from './listUsersInGroup.ts';
import resendConfirmationCode from './resendConfirmationCode.ts';
import respondToAuthChallenge from './respondToAuthChallenge.ts';
import revokeToken from './revokeToken.ts';
import setUICustomization from './setUICustomization.ts';
import setUserMFAPreference from './setUserMFAPreference.ts';
import setUserPoolMfaConfig from './setUserPoolMfaConfig.ts';
import setUserSettings from './setUserSettings.ts';
import signUp from './signUp.ts';
import startUserImportJob from './startUserImportJob.ts';
import stopUserImportJob from './stopUserImportJob.ts';
import updateDeviceStatus from './updateDeviceStatus.ts';
import updateGroup from './updateGroup.ts';
import updateIdentityProvider from './updateIdentityProvider.ts';
import updateResourceServer from './updateResourceServer.ts';
import updateUserAttributes from './updateUserAttributes.ts';
import updateUserPool from './updateUserPool.ts';
import updateUserPoolClient from './updateUserPoolClient.ts';
import updateUserPoolDomain from './updateUserPoolDomain.ts';
import verifySoftwareToken from './verifySoftwareToken.ts';
import verifyUserAttribute from './verifyUserAttribute.ts';

/**
 * Every Cognito Identity Provider operation this server speaks: the compatibility matrix. Names
 * starting with `Cognate` are Cognate's own extensions.
 */
// biome-ignore lint/suspicious/noExplicitAny: each entry has its own request and response types.
export const operations: Operation<any, any>[] = [
  addCustomAttributes,
  adminAddUserToGroup,
  adminConfirmSignUp,
  adminCreateUser,
  adminDeleteUser,
  adminDeleteUserAttributes,
  adminDisableProviderForUser,
  adminDisableUser,
  adminEnableUser,
  adminForgetDevice,
  adminGetDevice,
  adminGetUser,
  adminInitiateAuth,
  adminLinkProviderForUser,
  adminListDevices,
  adminListGroupsForUser,
  adminListUserAuthEvents,
  adminRemoveUserFromGroup,
  adminResetUserPassword,
  adminRespondToAuthChallenge,
  adminSetUserMFAPreference,
  adminSetUserPassword,
  adminSetUserSettings,
  adminUpdateDeviceStatus,
  adminUpdateUserAttributes,
  adminUserGlobalSignOut,
  associateSoftwareToken,
  changePassword,
  cognateExportUserPool,
  cognateImportUserPool,
  cognateListAuditEvents,
  cognateRotateSigningKey,
  confirmDevice,
  confirmForgotPassword,
  confirmSignUp,
  createGroup,
  createIdentityProvider,
  createResourceServer,
  createUserImportJob,
  createUserPool,
  createUserPoolClient,
  createUserPoolDomain,
  deleteGroup,
  deleteIdentityProvider,
  deleteResourceServer,
  deleteUser,
  deleteUserAttributes,
  deleteUserPool,
  deleteUserPoolClient,
  deleteUserPoolDomain,
  describeResourceServer,
  describeUserImportJob,
  describeIdentityProvider,
  describeUserPool,
  describeUserPoolClient,
  describeUserPoolDomain,
  forgetDevice,
  forgotPassword,
  getCSVHeader,
  getDevice,
  getGroup,
  getIdentityProviderByIdentifier,
  getTokensFromRefreshToken,
  getUICustomization,
  getUser,
  getUserAttributeVerificationCode,
  getUserPoolMfaConfig,
  globalSignOut,
  initiateAuth,
  listDevices,
  listGroups,
  listIdentityProviders,
  listResourceServers,
  listUserImportJobs,
  listUserPoolClients,
  listUserPools,
  listUsers,
  listUsersInGroup,
  resendConfirmationCode,
  respondToAuthChallenge,
  revokeToken,
  setUICustomization,
  setUserMFAPreference,
  setUserPoolMfaConfig,
  setUserSettings,
  signUp,
  startUserImportJob,
  stopUserImportJob,
  updateDeviceStatus,
  updateGroup,
  updateIdentityProvider,
  updateResourceServer,
  updateUserAttributes,
  updateUserPool,
  updateUserPoolClient,
  updateUserPoolDomain,
  verifySoftwareToken,
  verifyUserAttribute,
];
