/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_COGNATE_ENDPOINT?: string;
  readonly VITE_COGNATE_REGION?: string;
  readonly VITE_COGNATE_USER_POOL_ID?: string;
  readonly VITE_COGNATE_CLIENT_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
