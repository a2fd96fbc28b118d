/** Removes the API key (and any visible prefix of it longer than 8 characters) from a message. */
export function redactSecret(message: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return message;
  let out = message.split(secret).join('[redacted]');
  // Providers echo keys partly masked ("sk-abc12***...xyz"): drop any long enough prefix as well.
  for (let n = Math.min(secret.length - 1, 24); n >= 8; n--) {
    if (out.includes(secret.slice(0, n))) out = out.split(secret.slice(0, n)).join('[redacted]');
  }
  return out;
}
