import type { UICustomizationType } from '@aws-sdk/client-cognito-identity-provider';
import * as repo from '../../store/repositories/ui-customizations.ts';
import type { Context } from '../context.ts';
import { loadClient, loadPool } from '../user-pools/lookup.ts';
import { checkCss } from './css.ts';
import { IMAGE_TYPES, imageTypeOf } from './image.ts';

/** The ClientId that stands for the whole pool. */
export const ALL_CLIENTS = 'ALL';

/** What SetUICustomization carries. */
export interface UICustomizationInput {
  userPoolId: string;
  /** An app client's id, or undefined / 'ALL' for the pool's default. */
  clientId?: string;
  css?: string;
  image?: Buffer;
}

/** Where a logo is served: public, named by a random id so a new logo gets a new URL. */
export function imageUrl(
  publicUrl: string,
  r: Pick<repo.UICustomizationRecord, 'userPoolId' | 'clientId' | 'image'>,
): string | undefined {
  if (!r.image) return undefined;
  const ext = IMAGE_TYPES[r.image.type as keyof typeof IMAGE_TYPES] ?? 'png';
  return `${publicUrl}/ui-customization/${r.userPoolId}/${r.clientId}/${r.image.id}.${ext}`;
}

async function checkTarget(ctx: Pick<Context, 'db'>, userPoolId: string, clientId?: string) {
  const pool = await loadPool(ctx, userPoolId);
  if (clientId !== undefined && clientId !== ALL_CLIENTS) await loadClient(ctx, clientId, pool.id);
  return { poolId: pool.id, clientId: clientId ?? ALL_CLIENTS };
}

function toType(publicUrl: string, r: repo.UICustomizationRecord): UICustomizationType {
  return {
    UserPoolId: r.userPoolId,
    ClientId: r.clientId,
    ...(r.image && { ImageUrl: imageUrl(publicUrl, r) }),
    ...(r.css !== undefined && { CSS: r.css, CSSVersion: r.cssVersion }),
    LastModifiedDate: new Date(r.updatedAt),
    CreationDate: new Date(r.createdAt),
  };
}

/**
 * SetUICustomization: replaces the pool's (ClientId ALL or none) or a client's CSS and logo.
 * What is left out is removed, as on Cognito.
 */
export async function setUICustomization(
  ctx: Pick<Context, 'db' | 'clock' | 'random' | 'publicUrl'>,
  input: UICustomizationInput,
): Promise<UICustomizationType> {
  const { poolId, clientId } = await checkTarget(ctx, input.userPoolId, input.clientId);
  if (input.css !== undefined) checkCss(input.css);
  const image =
    input.image && input.image.length > 0
      ? { bytes: input.image, type: imageTypeOf(input.image), id: ctx.random(16).toString('hex') }
      : undefined;
  const now = ctx.clock.now();
  const existing = await repo.findUICustomization(ctx.db, poolId, clientId);
  const record: repo.UICustomizationRecord = {
    userPoolId: poolId,
    clientId,
    ...(input.css !== undefined && { css: input.css, cssVersion: String(now) }),
    ...(image && { image }),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await repo.putUICustomization(ctx.db, record);
  return toType(ctx.publicUrl, record);
}

/**
 * GetUICustomization: the client's own, else the pool's (ClientId ALL), else an empty shape, as
 * Cognito answers.
 */
export async function getUICustomization(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  userPoolId: string,
  clientId?: string,
): Promise<UICustomizationType> {
  const target = await checkTarget(ctx, userPoolId, clientId);
  const found =
    (await repo.findUICustomization(ctx.db, target.poolId, target.clientId)) ??
    (target.clientId !== ALL_CLIENTS
      ? await repo.findUICustomization(ctx.db, target.poolId, ALL_CLIENTS)
      : undefined);
  return found ? toType(ctx.publicUrl, found) : {};
}

/**
 * The branding the hosted pages apply for a client: its own, else the pool's, else none.
 */
export async function uiCustomizationFor(
  ctx: Pick<Context, 'db' | 'publicUrl'>,
  userPoolId: string,
  clientId: string,
): Promise<{ css?: string; imageUrl?: string }> {
  const found =
    (await repo.findUICustomization(ctx.db, userPoolId, clientId)) ??
    (await repo.findUICustomization(ctx.db, userPoolId, ALL_CLIENTS));
  if (!found) return {};
  const url = imageUrl(ctx.publicUrl, found);
  return { ...(found.css !== undefined && { css: found.css }), ...(url && { imageUrl: url }) };
}

/** A logo by its URL's parts, for serving; undefined when it is not (or no longer) there. */
export async function findLogo(
  ctx: Pick<Context, 'db'>,
  userPoolId: string,
  clientId: string,
  imageId: string,
): Promise<{ bytes: Buffer; type: string } | undefined> {
  const found = await repo.findUICustomization(ctx.db, userPoolId, clientId);
  if (!found?.image || found.image.id !== imageId) return undefined;
  return { bytes: found.image.bytes, type: found.image.type };
}
