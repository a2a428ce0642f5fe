/** Media URLs in playlists: a path on this server, or absolute behind MEDIA_BASE_URL (an HTTP cache/CDN). */
export function mediaUrl(sha256: string, ext: string, mediaBaseUrl: string | null): string {
  const path = `/media/${sha256}.${ext}`;
  return mediaBaseUrl ? `${mediaBaseUrl}${path}` : path;
}
