import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { TemplateSeeds1764000000001 } from './1764000000001-template-seeds.js';

/** Every migration, oldest first. A new one is a new class here; never edit one that has shipped. */
export const MIGRATIONS = [InitialSchema1764000000000, TemplateSeeds1764000000001];
