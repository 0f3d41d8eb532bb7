// Branding of the hosted pages (SetUICustomization): a pool's or an app client's CSS, limited
// to the customizable classes, and logo, served at a public URL.
export * from './css.ts';
export * from './image.ts';
export * from './ui-customization.ts';
