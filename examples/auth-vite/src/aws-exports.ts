// The app's Auth configuration, in the shape Amplify v5's `aws-exports.js` / `Auth.configure`
// take, plus `endpoint` (the Cognate server). `npm start` at the repository root prints the
// pool and client ids; put them in `.env.local` as VITE_COGNATE_USER_POOL_ID and
// VITE_COGNATE_CLIENT_ID (and VITE_COGNATE_ENDPOINT for another server), or edit the defaults.
const env = import.meta.env;

const awsconfig = {
  Auth: {
    endpoint: env.VITE_COGNATE_ENDPOINT || 'http://127.0.0.1:9229',
    region: env.VITE_COGNATE_REGION || 'us-east-1',
    userPoolId: env.VITE_COGNATE_USER_POOL_ID || 'us-east-1_REPLACEME',
    userPoolWebClientId: env.VITE_COGNATE_CLIENT_ID || 'replace-with-the-client-id',
    authenticationFlowType: 'USER_SRP_AUTH',
  },
};

export default awsconfig;
