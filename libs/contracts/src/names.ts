import { z } from 'zod';

/** Template and role names: stable, URL-safe identifiers a researcher types. */
export const templateNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lower-case letters, digits, "-" or "_", starting with a letter or digit');

export const roleNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lower-case letters, digits, "-" or "_", starting with a letter or digit');

export const uuidSchema = z.string().uuid();
