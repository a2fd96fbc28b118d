/** Every REST route lives under this prefix (health is also served at /health). */
export const API_PREFIX = 'api/v1';
