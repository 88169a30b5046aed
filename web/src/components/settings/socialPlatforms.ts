import type { SocialPlatform } from '../../api.js';
import { socialPlatformLabel } from '../../words.js';

/** Every platform the server takes: the type makes one added there show up here as missing. */
const platforms: Record<SocialPlatform, true> = { x: true, facebook: true, instagram: true, linkedin: true, bluesky: true, threads: true, tiktok: true, other: true };

export const platformOptions = (Object.keys(platforms) as SocialPlatform[]).map((value) => ({ value, label: socialPlatformLabel(value) }));

export const isPlatform = (value: string): value is SocialPlatform => Object.hasOwn(platforms, value);
