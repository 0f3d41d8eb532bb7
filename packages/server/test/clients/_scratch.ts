import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
} from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { signIn } from 'aws-amplify/auth';
import { Amplify as A5, Auth } from 'aws-amplify-v5';

console.log(
  typeof CognitoUserPool,
  typeof CognitoUser,
  typeof AuthenticationDetails,
  typeof CognitoUserAttribute,
  typeof A5,
  typeof Auth,
  typeof Amplify,
  typeof signIn,
);
